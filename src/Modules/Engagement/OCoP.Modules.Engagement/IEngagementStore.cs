using Marten;

namespace OCoP.Modules.Engagement;

/// <summary>
/// The Engagement module's Marten store (schema <c>engagement</c>). Public only because Marten implements it at run time
/// and Wolverine's <c>[MartenStore]</c> names it; no other module may open it (architecture tests).
/// </summary>
public interface IEngagementStore : IDocumentStore;

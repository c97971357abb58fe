using Marten;

namespace OCoP.Modules.Discussions;

/// <summary>
/// The Discussions module's Marten store (schema <c>discussions</c>). Public only because Marten implements it at run time
/// and Wolverine's <c>[MartenStore]</c> names it; no other module may open it (architecture tests).
/// </summary>
public interface IDiscussionsStore : IDocumentStore;

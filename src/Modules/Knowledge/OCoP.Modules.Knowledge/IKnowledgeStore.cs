using Marten;

namespace OCoP.Modules.Knowledge;

/// <summary>
/// The Knowledge module's Marten store (schema <c>knowledge</c>). Public only because Marten implements it at run time
/// and Wolverine's <c>[MartenStore]</c> names it; no other module may open it (architecture tests).
/// </summary>
public interface IKnowledgeStore : IDocumentStore;

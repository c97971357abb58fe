using Marten;

namespace OCoP.Modules.Membership;

/// <summary>
/// The Membership module's Marten store (schema <c>membership</c>). Public only because Marten implements it at run time
/// and Wolverine's <c>[MartenStore]</c> names it; no other module may open it (architecture tests).
/// </summary>
public interface IMembershipStore : IDocumentStore;

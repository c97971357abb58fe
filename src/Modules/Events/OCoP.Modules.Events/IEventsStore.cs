using Marten;

namespace OCoP.Modules.Events;

/// <summary>
/// The Events module's Marten store (schema <c>events</c>). Named for group events (meetings), not Marten's event store,
/// which this module does not use. Public only because Marten implements it at run time and Wolverine's
/// <c>[MartenStore]</c> names it; no other module may open it (architecture tests).
/// </summary>
public interface IEventsStore : IDocumentStore;

using OCoP.Tests.Integration.Infrastructure;

[assembly: AssemblyFixture(typeof(SharedOCoPApp))]

namespace OCoP.Tests.Integration.Infrastructure;

/// <summary>
/// One host and database for the whole run, shared by the test classes that ask for it in their constructor instead of
/// taking an <see cref="OCoPApp"/> of their own (IClassFixture): a host start costs seconds, and most classes need
/// nothing of their own. Such a class runs in parallel with the others on the same host, so it may not move the clock
/// (<see cref="OCoPApp.Clock"/>), change the host's services or settings, track all of Wolverine's activity
/// (<see cref="Eventually.WorkDoneAsync"/> tracks the whole host, and one host tracks one session at a time), or assume
/// anything about data it did not create (an empty database, the first member, counts over the site). A class that
/// needs any of these keeps its own <c>IClassFixture&lt;OCoPApp&gt;</c>, as before.
/// </summary>
public sealed class SharedOCoPApp : OCoPApp;

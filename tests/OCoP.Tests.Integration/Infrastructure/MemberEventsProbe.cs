using System.Collections.Concurrent;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Tests.Integration.Infrastructure;

/// <summary>
/// A Wolverine subscriber that lives in another assembly than the module publishing the events, like any other module's
/// handler would. It records what reached it, so tests can see what the outbox delivered.
/// </summary>
public static class MemberEventsProbe
{
    private static readonly ConcurrentQueue<object> Received = new();

    public static void Handle(MemberRegistered message) => Received.Enqueue(message);

    public static void Handle(MemberProfileChanged message) => Received.Enqueue(message);

    public static void Handle(MemberDeleted message) => Received.Enqueue(message);

    public static void Handle(GroupCreated message) => Received.Enqueue(message);

    public static void Handle(GroupCharterChanged message) => Received.Enqueue(message);

    public static void Handle(GroupVisibilityChanged message) => Received.Enqueue(message);

    public static void Handle(MemberJoinedGroup message) => Received.Enqueue(message);

    public static void Handle(MemberLeftGroup message) => Received.Enqueue(message);

    public static void Handle(MemberRemovedFromGroup message) => Received.Enqueue(message);

    public static void Handle(GroupRoleGranted message) => Received.Enqueue(message);

    public static void Handle(GroupRoleRevoked message) => Received.Enqueue(message);

    public static void Handle(CodeOfConductAccepted message) => Received.Enqueue(message);

    public static void Handle(GroupStatusChanged message) => Received.Enqueue(message);

    public static void Handle(JoinRequestDecided message) => Received.Enqueue(message);

    public static void Handle(GroupMembershipExpiring message) => Received.Enqueue(message);

    public static void Handle(GroupMembershipLapsed message) => Received.Enqueue(message);

    public static IReadOnlyList<T> All<T>(Func<T, bool> match) => Received.OfType<T>().Where(match).ToList();

    public static Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null) where T : class =>
        Eventually.FoundAsync(() => Received.OfType<T>().FirstOrDefault(match), $"a {typeof(T).Name} matching the condition at the subscriber", timeout);
}

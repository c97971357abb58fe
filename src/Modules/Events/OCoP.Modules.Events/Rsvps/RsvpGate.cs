namespace OCoP.Modules.Events.Rsvps;

/// <summary>
/// Bounds the RSVP transactions one host runs at once (<see cref="EventsOptions.ConcurrentRsvpWrites"/>). Correctness comes
/// from the event's row lock; this only keeps a rush of answers to one event from holding a database connection each
/// while they queue for that lock (docs/adr/0022).
/// </summary>
internal sealed class RsvpGate(Microsoft.Extensions.Options.IOptions<EventsOptions> options) : IDisposable
{
    private readonly SemaphoreSlim slots = new(Math.Max(1, options.Value.ConcurrentRsvpWrites));

    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose() => slots.Dispose();
}

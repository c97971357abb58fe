using System.Collections.Concurrent;

namespace OCoP.Host.Infrastructure;

/// <summary>
/// Serilog's <c>SerilogLoggerFactory</c>, which <c>UseSerilog</c> registers, builds a new logger (with its own event-id
/// cache and a Serilog logger of its own) on every <c>CreateLogger</c>. Kestrel and SignalR ask for loggers per
/// connection and keep them as long as the connection lives: at 10,000 live connections that was about 25 MB
/// (docs/performance.md). This keeps one logger per category, as Microsoft's own factory does; categories are type and
/// class names, a bounded set.
/// </summary>
internal sealed class OneLoggerPerCategory(ILoggerFactory serilog) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, serilog.CreateLogger);

    public void AddProvider(ILoggerProvider provider) => serilog.AddProvider(provider);

    public void Dispose() => serilog.Dispose(); // flushes Serilog's sinks at shutdown, as before

    /// <summary>Wraps the logger factory <c>UseSerilog</c> registered; call right after it.</summary>
    public static void Wrap(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        if (registered.ImplementationFactory is not { } create)
        {
            throw new InvalidOperationException("UseSerilog registers the logger factory with a factory method; call this right after it.");
        }

        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new OneLoggerPerCategory((ILoggerFactory)create(provider)));
    }
}

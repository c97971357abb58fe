using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace OCoP.BuildingBlocks.Mediation;

/// <summary>One structured line per request: its name, outcome and duration. Request bodies are never logged.</summary>
internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        var name = typeof(TRequest).DeclaringType?.Name ?? typeof(TRequest).Name;
        try
        {
            var response = await next();
            logger.LogInformation("Handled {Request} in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogInformation("{Request} ended with {Outcome} after {ElapsedMs:0.0} ms", name, exception.GetType().Name,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}

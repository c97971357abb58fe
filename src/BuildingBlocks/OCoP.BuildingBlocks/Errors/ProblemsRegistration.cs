using Microsoft.Extensions.DependencyInjection;

namespace OCoP.BuildingBlocks.Errors;

public static class ProblemsRegistration
{
    /// <summary>RFC 9457 problems for every error: thrown exceptions, and bare status codes (404, 405, 415...).</summary>
    public static IServiceCollection AddOCoPProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (limit=abc, a malformed body) reach the handler above as exceptions in every environment, so
        // that they answer a problem naming the field instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}

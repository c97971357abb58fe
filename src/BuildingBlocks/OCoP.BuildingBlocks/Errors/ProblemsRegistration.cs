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
        return services;
    }
}

using FluentValidation;
using OCoP.BuildingBlocks.Errors;

namespace OCoP.Host.Infrastructure;

/// <summary>The status a failed page request answers with, before the status page describes it.</summary>
internal static class PageFailures
{
    public static int StatusOf(Exception exception) => exception switch
    {
        ProblemException problem => problem.Status,
        ValidationException => StatusCodes.Status400BadRequest,
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };
}

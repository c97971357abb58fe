using FluentValidation;
using MediatR;
using OCoP.BuildingBlocks.Input;

namespace OCoP.BuildingBlocks.Mediation;

/// <summary>Runs every validator of a request before its handler; failures surface as a 400 with field errors.</summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        // The declared shape first (text policy, no null object, list or item): the validators below rely on it.
        var shape = InputShape.Check(request!);
        if (shape.Count > 0)
        {
            throw new ValidationException(shape);
        }

        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next();
    }
}

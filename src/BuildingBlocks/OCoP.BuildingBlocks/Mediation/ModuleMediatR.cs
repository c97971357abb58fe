using System.Reflection;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OCoP.BuildingBlocks.Mediation;

/// <summary>
/// Registers what one module assembly brings to the in-process pipeline: its MediatR handlers, its validators and
/// its Carter modules. MediatR 5.1 has no registration package here, so this is the whole of it.
/// </summary>
public static class ModuleMediatR
{
    public static IServiceCollection AddModuleFeatures(this IServiceCollection services, Assembly moduleAssembly)
    {
        services.TryAddScoped<ServiceFactory>(provider => provider.GetService!);
        services.TryAddScoped<IMediator, Mediator>();
        services.TryAddEnumerable(ServiceDescriptor.Transient(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>)));
        services.TryAddEnumerable(ServiceDescriptor.Transient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>)));

        foreach (var type in moduleAssembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var handlerInterface in type.GetInterfaces().Where(IsRequestHandler))
            {
                services.AddTransient(handlerInterface, type);
            }

            if (typeof(ICarterModule).IsAssignableFrom(type))
            {
                services.AddSingleton(typeof(ICarterModule), type);
            }
        }

        OCoP.BuildingBlocks.Web.PlainValidationMessages.Apply(); // people read these messages: plain words, no C# names
        services.AddValidatorsFromAssembly(moduleAssembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }

    private static bool IsRequestHandler(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IRequestHandler<,>);
}

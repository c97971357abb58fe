using System.Reflection;
using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OCoP.BuildingBlocks.Web;

public static class ModuleEndpoints
{
    /// <summary>
    /// Maps the Carter modules of one module assembly under a group tagged with the module's name, so the OpenAPI
    /// document shows each module's endpoints together. Its JSON GETs answer with ETags and 304s (<see cref="ConditionalGets"/>).
    /// </summary>
    public static RouteGroupBuilder MapModuleEndpoints(this IEndpointRouteBuilder app, Assembly moduleAssembly, string moduleName)
    {
        var group = app.MapGroup("").WithTags(moduleName).WithConditionalGets();
        foreach (var carterModule in app.ServiceProvider.GetServices<ICarterModule>().Where(m => m.GetType().Assembly == moduleAssembly))
        {
            carterModule.AddRoutes(group);
        }

        return group;
    }
}

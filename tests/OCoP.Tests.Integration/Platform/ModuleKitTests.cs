using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Discussions;
using OCoP.Modules.Engagement;
using OCoP.Modules.Events;
using OCoP.Modules.Membership;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine.Runtime.Handlers;

namespace OCoP.Tests.Integration.Platform;

/// <summary>The module kit includes every public Wolverine handler of every module: none can be forgotten (docs/adr/0011).</summary>
public sealed class ModuleKitTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    public static TheoryData<string> ModuleAssemblies => new(
        typeof(MembershipModule).Assembly.GetName().Name!,
        typeof(DiscussionsModule).Assembly.GetName().Name!,
        typeof(EngagementModule).Assembly.GetName().Name!,
        typeof(EventsModule).Assembly.GetName().Name!);

    [Theory]
    [MemberData(nameof(ModuleAssemblies))]
    public void Every_public_Wolverine_handler_of_a_module_is_in_the_running_hosts_handler_graph(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        // The shape the architecture tests allow to be public: a class named *Handler with a public Handle/Consume method.
        var publicHandlers = assembly.GetExportedTypes()
            .Where(t => t.Name.EndsWith("Handler", StringComparison.Ordinal) &&
                        t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                            .Any(m => m.Name is "Handle" or "HandleAsync" or "Consume" or "ConsumeAsync"))
            .ToList();
        publicHandlers.ShouldNotBeEmpty();

        var inGraph = app.Services.GetRequiredService<HandlerGraph>().Chains
            .SelectMany(chain => chain.Handlers.Concat(chain.ByEndpoint.SelectMany(c => c.Handlers)))
            .Select(call => call.HandlerType)
            .Where(type => type.Assembly == assembly)
            .ToHashSet();

        publicHandlers.Where(handler => !inGraph.Contains(handler)).Select(handler => handler.FullName).ShouldBeEmpty(
            "These public handlers are not in Wolverine's handler graph: their messages would never be handled.");
    }
}

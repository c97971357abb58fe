using System.Reflection;
using OCoP.BuildingBlocks.Mediation;
using OCoP.Modules.Discussions;
using OCoP.Modules.Engagement;
using OCoP.Modules.Knowledge;
using OCoP.Modules.Events;
using OCoP.Modules.Membership;

namespace OCoP.Tests.Architecture;

/// <summary>The modules of the monolith. A new module adds its registration class here.</summary>
internal static class Modules
{
    public static readonly Type[] RegistrationClasses = [typeof(MembershipModule), typeof(DiscussionsModule), typeof(EngagementModule), typeof(KnowledgeModule), typeof(EventsModule)];

    public static readonly Assembly BuildingBlocks = typeof(ModuleMediatR).Assembly;

    /// <summary>The one shared group-access library (Membership's replica code and rule); modules may reference it.</summary>
    public static readonly Assembly GroupAccess = typeof(OCoP.Modules.Membership.Access.GroupViewer).Assembly;

    public static IEnumerable<Module> All => RegistrationClasses.Select(registration =>
    {
        var implementation = registration.Assembly;
        var name = implementation.GetName().Name!;
        var contracts = Assembly.Load(name + ".Contracts");
        return new Module(name["OCoP.Modules.".Length..], implementation, contracts, registration);
    });

    public static TheoryData<string> Names => new(All.Select(m => m.Name));

    public static Module Named(string name) => All.Single(m => m.Name == name);
}

internal sealed record Module(string Name, Assembly Implementation, Assembly Contracts, Type Registration)
{
    public string Namespace => $"OCoP.Modules.{Name}";
    public string ContractsNamespace => $"OCoP.Modules.{Name}.Contracts";
}

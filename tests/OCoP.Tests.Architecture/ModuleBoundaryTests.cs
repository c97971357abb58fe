using System.Reflection;
using NetArchTest.Rules;

namespace OCoP.Tests.Architecture;

public sealed class ModuleBoundaryTests
{
    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void A_module_references_no_other_module_except_through_its_Contracts(string name)
    {
        var module = Modules.Named(name);

        // Assembly references: of the modules, only Contracts assemblies (its own, or another module's) and the shared
        // group-access library Membership publishes (docs/adr/0010).
        var referenced = module.Implementation.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(a => a.StartsWith("OCoP.Modules.", StringComparison.Ordinal));
        referenced.ShouldAllBe(a => a.EndsWith(".Contracts") || a == Modules.GroupAccess.GetName().Name);

        // Type dependencies: no type of another module's implementation (exact full names, so Contracts stay allowed).
        // Compiler-generated types (collection-expression arrays, Razor view imports) carry the same names in every
        // assembly, so they are left out.
        var otherTypes = Modules.All.Where(other => other.Name != name)
            .SelectMany(other => other.Implementation.GetTypes()).Where(t => !IsCompilerGenerated(t))
            .Select(t => t.FullName!).ToArray();
        if (otherTypes.Length > 0)
        {
            var result = Types.InAssembly(module.Implementation).ShouldNot().HaveDependencyOnAny(otherTypes).GetResult();
            (result.FailingTypeNames ?? []).ShouldBeEmpty(string.Join(", ", result.FailingTypeNames ?? []));
        }
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Contracts_depend_on_no_module_implementation_and_no_infrastructure(string name)
    {
        var module = Modules.Named(name);
        var result = Types.InAssembly(module.Contracts).ShouldNot()
            .HaveDependencyOnAny([.. Modules.All.Select(m => m.Namespace + ".Accounts"), "Marten", "Wolverine", "MediatR", "Microsoft.AspNetCore", "OCoP.BuildingBlocks"])
            .GetResult();
        (result.FailingTypeNames ?? []).ShouldBeEmpty();

        module.Contracts.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("OCoP."))
            .ShouldAllBe(n => n.EndsWith(".Contracts"));
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Contracts_hold_only_sealed_records_and_enums_in_the_Contracts_namespace(string name)
    {
        var module = Modules.Named(name);
        var types = module.Contracts.GetExportedTypes();
        types.ShouldNotBeEmpty();
        types.ShouldAllBe(t => t.Namespace == module.ContractsNamespace && (t.IsEnum || (t.IsSealed && t.GetMethod("<Clone>$") != null)));
    }

    [Fact]
    public void The_group_access_library_depends_on_Membership_Contracts_and_BuildingBlocks_only()
    {
        Modules.GroupAccess.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("OCoP.", StringComparison.Ordinal))
            .ShouldBe(["OCoP.BuildingBlocks", "OCoP.Modules.Membership.Contracts"], ignoreOrder: true);
        var result = Types.InAssembly(Modules.GroupAccess).ShouldNot()
            .HaveDependencyOnAny([.. Modules.All.SelectMany(m => m.Implementation.GetTypes()).Where(t => !IsCompilerGenerated(t)).Select(t => t.FullName!)])
            .GetResult();
        (result.FailingTypeNames ?? []).ShouldBeEmpty(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void BuildingBlocks_references_no_module()
    {
        Modules.BuildingBlocks.GetReferencedAssemblies().Select(a => a.Name!).ShouldNotContain(n => n.StartsWith("OCoP.Modules."));
        var result = Types.InAssembly(Modules.BuildingBlocks).ShouldNot().HaveDependencyOn("OCoP.Modules").GetResult();
        (result.FailingTypeNames ?? []).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Module_types_are_internal_except_the_registration_class_the_store_marker_and_Wolverine_handlers_with_their_messages(string name)
    {
        var module = Modules.Named(name);
        var allowed = module.Implementation.GetExportedTypes()
            .Where(t => t != module.Registration && !IsStoreMarker(t, module) && !IsWolverineHandler(t) &&
                        !(t.DeclaringType is { } handler && IsWolverineHandler(handler)))
            .Select(t => t.FullName)
            .ToList();
        allowed.ShouldBeEmpty("Make these internal (docs/adr/0001-module-anatomy.md lists the only public kinds).");
    }

    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Module_classes_are_sealed_or_static(string name)
    {
        var module = Modules.Named(name);
        var open = module.Implementation.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsSealed && !t.IsNested && !IsCompilerGenerated(t))
            .Select(t => t.FullName)
            .ToList();
        open.ShouldBeEmpty();
    }

    private static bool IsStoreMarker(Type type, Module module) =>
        type.IsInterface && type.Name == $"I{module.Name}Store" && type.GetInterfaces().Any(i => i.FullName == "Marten.IDocumentStore");

    // Wolverine requires public handler classes: a static class with Handle/Consume methods, named *Handler.
    private static bool IsWolverineHandler(Type type) =>
        type.Name.EndsWith("Handler", StringComparison.Ordinal) &&
        type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Any(m => m.Name is "Handle" or "HandleAsync" or "Consume" or "ConsumeAsync");

    // Nested types count too: <>z__ReadOnlySingleElementList`1 carries an Enumerator whose own name looks ordinary.
    private static bool IsCompilerGenerated(Type type) =>
        type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null ||
        type.Namespace?.StartsWith("AspNetCoreGeneratedDocument", StringComparison.Ordinal) == true ||
        type.Name.StartsWith('<') ||
        (type.DeclaringType is { } declaring && IsCompilerGenerated(declaring));
}

namespace OCoP.Host.Infrastructure;

/// <summary>The JasperFx `codegen` command (scripts/codegen.sh): it builds the host to write code, never serves.</summary>
internal static class CodegenCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0].Equals("codegen", StringComparison.OrdinalIgnoreCase);
}

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>The benchmark tools' options: <c>--name value</c>, or <c>--flag</c> alone (then "true").</summary>
internal static class CommandLine
{
    public static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                options[args[i][2..]] = hasValue ? args[++i] : "true";
            }
        }

        return options;
    }
}

namespace OCoP.Tests.Integration.Fuzz;

/// <summary>One generated request: who sends it, and the exact method, address, body and content type.</summary>
internal sealed record FuzzRequest(string Operation, FuzzCaller Caller, string Method, string Url, string? Body, string? ContentType)
{
    public override string ToString() =>
        $"{Method} {Url} as {Caller}{(ContentType is null ? "" : $" [{ContentType}]")}{(Body is null ? "" : $" {Shorten(Body)}")}";

    private static string Shorten(string body) => body.Length <= 600 ? Escape(body) : Escape(body[..600]) + $"... ({body.Length} chars)";

    private static string Escape(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}

internal enum FuzzCaller
{
    Anonymous,
    Session,
    Bearer,
}

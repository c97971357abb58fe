using System.Text;
using Microsoft.AspNetCore.Hosting;

namespace OCoP.BuildingBlocks.Input;

/// <summary>
/// Lets requests that Kestrel itself would refuse with an empty body reach <see cref="InputGuard"/> and the
/// authentication handlers, which answer them with a problem document (docs/adr/0024-text-policy.md).
/// </summary>
public static class KestrelInput
{
    /// <summary>A request line up to this size reaches the application (Kestrel's default is 8 KiB); longer ones Kestrel refuses.</summary>
    public const int MaxRequestLineBytes = 64 * 1024;

    public static IWebHostBuilder UseOCoPKestrelInput(this IWebHostBuilder webHost) => webHost.ConfigureKestrel(kestrel =>
    {
        kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
        // Header values are read as Latin-1 instead of refused when they hold non-ASCII bytes: a bad Authorization header
        // is then a 401 problem from the authentication handler, not Kestrel's empty 400.
        kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
    });
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OCoP.Modules.Knowledge.Resources;

/// <summary>
/// Asks a resource's web address whether it still answers: HEAD (GET when HEAD is refused), redirects followed, a
/// deadline per link, and no connection to loopback, private or link-local addresses unless configured (so a submitted
/// URL cannot make the server probe its own network; checked on the address actually connected to, not only the name).
/// The client is a named <see cref="IHttpClientFactory"/> client, so the public Wolverine handler needs no internal service.
/// </summary>
internal static class LinkChecker
{
    public const string ClientName = "knowledge-link-check";

    internal sealed record Finding(bool Working, string Problem);

    public static IServiceCollection AddLinkChecker(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(KnowledgeOptions.Section).Get<KnowledgeOptions>() ?? new KnowledgeOptions();
        services.AddHttpClient(ClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(settings.LinkCheckTimeoutSeconds);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("OCoP-LinkCheck/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => Handler(settings));
        return services;
    }

    public static async Task<Finding> CheckAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (head.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
            {
                using var get = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                return Of(get);
            }

            return Of(head);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Finding(false, $"No answer within {client.Timeout.TotalSeconds:0.#} seconds.");
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedAddressException refused)
        {
            return new Finding(false, refused.Message);
        }
        catch (HttpRequestException e)
        {
            return new Finding(false, $"Could not connect ({e.HttpRequestError}).");
        }
    }

    private static Finding Of(HttpResponseMessage response) =>
        (int)response.StatusCode < 400 ? new Finding(true, "") : new Finding(false, $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim());

    private static SocketsHttpHandler Handler(KnowledgeOptions settings) => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        ConnectTimeout = TimeSpan.FromSeconds(settings.LinkCheckTimeoutSeconds),
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.Where(a => settings.LinkCheckAllowPrivateAddresses || IsPublic(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new RefusedAddressException($"{context.DnsEndPoint.Host} is a local or private address: not checked.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Not loopback, private (RFC 1918, unique-local), link-local, carrier-grade NAT or unspecified.</summary>
    internal static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
                 (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
    }

    private sealed class RefusedAddressException(string message) : Exception(message);
}

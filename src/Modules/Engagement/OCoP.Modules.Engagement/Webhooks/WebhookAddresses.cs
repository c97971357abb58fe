using System.Net;
using System.Net.Sockets;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>Refused when a webhook's host resolves to an address the site must not call (server-side request forgery).</summary>
internal sealed class WebhookAddressRefusedException(string message) : Exception(message);

/// <summary>
/// Where a webhook may point: an absolute http(s) URL without credentials whose host resolves only to public addresses.
/// Checked when the URL is registered and again, on the address actually connected to, at every delivery
/// (<see cref="ConnectAsync"/>), so a name that later resolves to 127.0.0.1 or 169.254.169.254 (DNS rebinding) is refused
/// then too. <see cref="WebhookOptions.AllowPrivateNetworks"/> lifts the address rule.
/// </summary>
internal static class WebhookAddresses
{
    public const int MaxUrlLength = 2000;

    /// <summary>Why this URL is refused, or null. Resolves the host (unless private networks are allowed).</summary>
    public static async Task<string?> ProblemAsync(string? url, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "Give an absolute http or https URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "Only http and https URLs are called.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "A URL with a user name or password is refused: the signature authenticates each delivery.";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "A URL with a fragment (#...) is refused.";
        }

        if (allowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"The host {uri.Host} could not be resolved.";
        }

        return addresses.FirstOrDefault(IsInternal) is { } internalAddress
            ? $"The host {uri.Host} resolves to {internalAddress}, an internal address: webhooks only call public addresses."
            : null;
    }

    /// <summary>
    /// Loopback, private (RFC 1918, unique local), link-local (cloud metadata lives there), carrier-grade NAT, "this
    /// network", multicast, broadcast and documentation ranges: nothing a public receiver has.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC || // fc00::/7
                   (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8) || // 2001:db8::/32
                   (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B); // 64:ff9b::/96 NAT64 hides IPv4
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127, // 100.64.0.0/10
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
            198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
            203 => b[1] == 0 && b[2] == 113,
            >= 224 => true, // multicast, reserved, broadcast
            _ => false,
        };
    }

    /// <summary>
    /// The delivery client's connect step: resolve, refuse if any address is internal (unless allowed), connect to the
    /// first that answers. The check is on the address connected to, so no second lookup can differ from it.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        if (!allowPrivateNetworks && addresses.FirstOrDefault(IsInternal) is { } internalAddress)
        {
            throw new WebhookAddressRefusedException($"{context.DnsEndPoint.Host} resolves to {internalAddress}, an internal address.");
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}

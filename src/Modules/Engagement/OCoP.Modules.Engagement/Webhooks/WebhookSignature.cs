using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>
/// The <c>OCoP-Signature</c> header, as Stripe signs: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c> over
/// <c>"&lt;t&gt;.&lt;body&gt;"</c> with the webhook's secret. The timestamp inside the signed text lets a receiver refuse
/// replays older than a few minutes; <c>v1</c> names the scheme so a second one can be added beside it.
/// </summary>
internal static class WebhookSignature
{
    public const string Header = "OCoP-Signature";

    public static string Sign(string secret, DateTimeOffset at, string body)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Hmac(secret, timestamp, body)}";
    }

    /// <summary>What a receiver does: the header parses, the HMAC matches in constant time, and it is not older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var (key, value) = part.IndexOf('=') is var at and > 0 ? (part[..at].Trim(), part[(at + 1)..].Trim()) : ("", "");
            if (key == "t")
            {
                timestamp = value;
            }
            else if (key == "v1")
            {
                signatures.Add(value);
            }
        }

        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Hmac(secret, timestamp, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    private static string Hmac(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}

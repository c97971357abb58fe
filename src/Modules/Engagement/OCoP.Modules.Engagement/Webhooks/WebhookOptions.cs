using Microsoft.Extensions.Configuration;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>Site-wide settings of outbound webhooks (section <c>Engagement:Webhooks</c>, docs/webhooks.md).</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Engagement:Webhooks";

    /// <summary>
    /// Off by default: a URL whose host resolves to a loopback, private, link-local or otherwise internal address is refused
    /// when registered and again when delivered (DNS rebinding). An administrator turns it on for receivers inside their
    /// own network; the tests turn it on for their loopback listener.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one delivery attempt may take, connection included, before it counts as failed.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>The waits before the second, third... attempt of one delivery; one attempt more than there are waits.</summary>
    /// <remarks>Null by default, not the defaults themselves: the configuration binder appends to an array it finds.</remarks>
    public double[]? RetryDelaysSeconds { get; set; }

    private double[] Delays => RetryDelaysSeconds ?? [10, 60, 300, 1800, 7200];

    /// <summary>A webhook is disabled after this many failed attempts in a row (any delivery); a success resets the count.</summary>
    public int DisableAfterConsecutiveFailures { get; set; } = 15;

    /// <summary>Webhooks one group (or the site-wide scope) may have.</summary>
    public int MaxWebhooksPerScope { get; set; } = 20;

    public int MaxAttempts => Delays.Length + 1;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>How long an attempt owns its delivery: longer than any attempt can take, so two hosts never send it at once.</summary>
    public TimeSpan Lease => Timeout * 2 + TimeSpan.FromSeconds(30);

    public TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromSeconds(Delays.Length == 0 ? 0 : Delays[Math.Clamp(attempt - 2, 0, Delays.Length - 1)]);

    /// <summary>Read where a public Wolverine handler only has the configuration (the options type stays internal).</summary>
    public static WebhookOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<WebhookOptions>() ?? new WebhookOptions();
}

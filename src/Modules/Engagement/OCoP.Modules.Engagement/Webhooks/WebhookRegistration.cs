using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>The delivery client: no redirects, no cookies, and a connect step that checks each address it connects to.</summary>
internal static class WebhookRegistration
{
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookDeliveryHandler.ClientName)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var allowPrivateNetworks = WebhookOptions.From(provider.GetRequiredService<IConfiguration>()).AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2), // names are resolved (and checked) again at least this often
                    ConnectCallback = (context, cancellationToken) => WebhookAddresses.ConnectAsync(context, allowPrivateNetworks, cancellationToken),
                };
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // each attempt has its own (WebhookOptions.TimeoutSeconds)
        return services;
    }
}

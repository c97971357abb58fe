using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Live;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Chat;

namespace OCoP.Modules.Engagement.Live;

/// <summary>
/// All of the live wiring in one place: SignalR with the JSON protocol, the hub's registry and its route. With several
/// hosts (<c>Redis:Configuration</c> set, as scripts/cluster.sh does) Redis is the backplane, so a message sent through
/// one host reaches members connected to the others (docs/chat.md, docs/scaling.md).
/// </summary>
internal static class LiveUpdates
{
    public const string Path = "/hubs/live";

    /// <summary>Well above a chat message's <see cref="ChatRoom.MaxBodyLength"/>; a bigger frame closes the connection.</summary>
    public const long MaxFrameBytes = 64 * 1024;

    public static IServiceCollection AddLiveUpdates(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = MaxFrameBytes;
                options.EnableDetailedErrors = false; // refusals are HubExceptions, whose message always reaches the client
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        if (configuration["Redis:Configuration"] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("ocop"));
        }
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<ILiveConnections>(provider => provider.GetRequiredService<LiveConnections>());
        services.AddSingleton<ChatRateLimiter>();
        services.AddScoped<ChatRoom>();
        services.AddScoped<MoveToTopic>();
        return services;
    }

    public static IEndpointRouteBuilder MapLiveHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<LiveHub>(Path).RequireAuthorization(MemberPolicy.Name);
        return app;
    }
}

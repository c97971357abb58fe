using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Modules.Engagement.Chat;

/// <summary>The chat's HTTP API (docs/api.md, docs/chat.md): the same operations as the live connection, through <see cref="ChatRoom"/>.</summary>
internal sealed class ChatEndpoints : ICarterModule
{
    internal sealed record CreateChannelBody(string Name, string? Topic);

    internal sealed record MessageBody(string Body);

    internal sealed record ReasonBody(string Reason);

    internal sealed record ReadBody(int Number);

    private const string Channels = "/api/engagement/groups/{groupId:guid}/chat/channels";
    private const string Messages = Channels + "/{channelId:guid}/messages";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet(Channels, (Guid groupId, string? cursor, int? limit, ChatRoom chat, CurrentMember me, CancellationToken cancellationToken) =>
                chat.ChannelsAsync(groupId, me, cursor, limit, cancellationToken))
            .WithSummary("The group's chat channels (members only), the group's own first, with my unread counts.")
            .Produces<CursorPage<ChannelView>>()
            .RequireAuthorization(MemberPolicy.Name);
        app.MapPost(Channels, async (Guid groupId, CreateChannelBody body, ChatRoom chat, CurrentMember me, CancellationToken cancellationToken) =>
            {
                var channel = await chat.CreateChannelAsync(groupId, me, body.Name, body.Topic, cancellationToken);
                return TypedResults.Created($"/api/engagement/groups/{groupId}/chat/channels/{channel.Id}/messages", channel);
            })
            .WithSummary("Add a topic channel (facilitators).")
            .RequireAuthorization(MemberPolicy.Name);
        app.MapGet(Messages, (Guid groupId, Guid channelId, string? cursor, int? limit, ChatRoom chat, CurrentMember me,
                CancellationToken cancellationToken) => chat.HistoryAsync(groupId, channelId, me, cursor, limit, cancellationToken))
            .WithSummary("A channel's messages, newest first, keyset paged. The group's own channel has the group's id.")
            .RequireAuthorization(MemberPolicy.Name);
        app.MapPost(Messages, async (Guid groupId, Guid channelId, MessageBody body, ChatRoom chat, CurrentMember me, CancellationToken cancellationToken) =>
            {
                var message = await chat.PostAsync(groupId, channelId, me, body.Body, cancellationToken);
                return TypedResults.Created($"/api/engagement/groups/{groupId}/chat/channels/{channelId}/messages/{message.Number}", message);
            })
            .WithSummary("Send a message (Markdown, @mentions). Rate limited per member: 429 with Retry-After.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireAuthorization(MemberPolicy.Name);
        app.MapPut(Messages + "/{messageNumber:int}", (Guid groupId, Guid channelId, int messageNumber, MessageBody body, ChatRoom chat, CurrentMember me,
                CancellationToken cancellationToken) => chat.EditAsync(groupId, channelId, messageNumber, me, body.Body, cancellationToken))
            .WithSummary("Edit my own message.")
            .RequireAuthorization(MemberPolicy.Name);
        app.MapDelete(Messages + "/{messageNumber:int}", async (Guid groupId, Guid channelId, int messageNumber, ChatRoom chat, CurrentMember me,
                CancellationToken cancellationToken) =>
            {
                await chat.DeleteOwnAsync(groupId, channelId, messageNumber, me, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete my own message.")
            .RequireAuthorization(MemberPolicy.Name);
        app.MapPost(Messages + "/{messageNumber:int}/delete", async (Guid groupId, Guid channelId, int messageNumber, ReasonBody body, ChatRoom chat,
                CurrentMember me, CancellationToken cancellationToken) =>
            {
                await chat.RemoveAsync(groupId, channelId, messageNumber, me, body.Reason, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete someone's message with a reason (facilitators); written to the group's moderation log.")
            .RequireAuthorization(MemberPolicy.Name);
        app.MapPost(Messages + "/{messageNumber:int}/report", async (Guid groupId, Guid channelId, int messageNumber, ReasonBody body, ChatRoom chat,
                CurrentMember me, CancellationToken cancellationToken) =>
            {
                await chat.FlagAsync(groupId, channelId, messageNumber, me, body.Reason, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithSummary("Flag someone's message to the group's facilitators.")
            .RequireAuthorization(MemberPolicy.Name);
        app.MapPost(Channels + "/{channelId:guid}/read", (Guid groupId, Guid channelId, ReadBody body, ChatRoom chat, CurrentMember me,
                CancellationToken cancellationToken) => chat.MarkReadAsync(groupId, channelId, body.Number, me, cancellationToken))
            .WithSummary("Move my unread marker in the channel forward to a message number.")
            .RequireAuthorization(MemberPolicy.Name);
    }
}

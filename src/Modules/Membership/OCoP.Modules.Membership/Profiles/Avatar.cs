using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Members;
using SkiaSharp;

namespace OCoP.Modules.Membership.Profiles;

/// <summary>Upload an avatar (any common image, at most 2 MB): stored as a 256-pixel square PNG, centre-cropped.</summary>
internal static class Avatar
{
    public const int MaxUploadBytes = 2 * 1024 * 1024;
    private const int Size = 256;

    internal sealed record Upload(Guid MemberId, byte[] Image) : IRequest<bool>;

    internal sealed class UploadHandler(IMembershipStore store, TimeProvider clock) : IRequestHandler<Upload, bool>
    {
        public async Task<bool> Handle(Upload upload, CancellationToken cancellationToken)
        {
            var png = ToSquarePng(upload.Image) ?? throw ProblemException.Invalid("avatar", "The file is not an image we can read (PNG, JPEG, GIF, WebP).");
            await using var session = store.LightweightSession();
            var member = await session.LoadAsync<Member>(upload.MemberId, cancellationToken) ?? throw ProblemException.NotFound("The member");
            var now = clock.GetUtcNow();
            member.AvatarUpdatedAt = now;
            session.Store(member);
            session.Store(new MemberAvatar { Id = member.Id, Png = png, UpdatedAt = now });
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }

        private static byte[]? ToSquarePng(byte[] image)
        {
            // SKBitmap.Decode throws on bytes no codec recognises; asking for a codec first turns that into a 400.
            using var data = SKData.CreateCopy(image);
            using var codec = SKCodec.Create(data);
            using var bitmap = codec is null ? null : SKBitmap.Decode(codec);
            if (bitmap is null || bitmap.Width == 0 || bitmap.Height == 0)
            {
                return null;
            }

            var side = Math.Min(bitmap.Width, bitmap.Height);
            var source = SKRectI.Create((bitmap.Width - side) / 2, (bitmap.Height - side) / 2, side, side);
            using var surface = SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
            using var paint = new SKPaint();
            using var sourceImage = SKImage.FromBitmap(bitmap);
            surface.Canvas.Clear(SKColors.Transparent);
            surface.Canvas.DrawImage(sourceImage, source, SKRect.Create(Size, Size), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
            using var snapshot = surface.Snapshot();
            using var png = snapshot.Encode(SKEncodedImageFormat.Png, 90);
            return png.ToArray();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/membership/members/me/avatar", async (IFormFile avatar, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    if (avatar.Length > MaxUploadBytes)
                    {
                        throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "The image is too large.", "Avatars are at most 2 MB.");
                    }

                    using var buffer = new MemoryStream();
                    await avatar.CopyToAsync(buffer, cancellationToken);
                    await mediator.Send(new Upload(me.Id, buffer.ToArray()), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Upload the signed-in member's avatar (multipart form field 'avatar').")
                .DisableAntiforgery()
                .RequireAuthorization(MemberPolicy.Name);

            // For the pages' <img>: the picture for signed-in members, otherwise the initials the host draws (issue 19).
            app.MapGet("/members/{memberId:guid}/avatar", async (Guid memberId, IMembershipStore store, CurrentMember me, HttpContext http,
                    CancellationToken cancellationToken) =>
                {
                    await using var session = store.QuerySession();
                    var member = await session.LoadAsync<Member>(memberId, cancellationToken);
                    var avatar = me.IsAuthenticated && member is { IsDeleted: false, AvatarUpdatedAt: not null }
                        ? await session.LoadAsync<MemberAvatar>(memberId, cancellationToken)
                        : null;
                    http.Response.Headers.CacheControl = "private, max-age=300";
                    return avatar is null
                        ? Results.Redirect(InitialsAvatar.PathFor(member is null or { IsDeleted: true } ? "" : member.DisplayName))
                        : Results.File(avatar.Png, "image/png", lastModified: avatar.UpdatedAt);
                })
                .ExcludeFromDescription();

            app.MapGet("/api/membership/members/{memberId:guid}/avatar", async (Guid memberId, IMembershipStore store, HttpContext http, CancellationToken cancellationToken) =>
                {
                    await using var session = store.QuerySession();
                    var avatar = await session.LoadAsync<MemberAvatar>(memberId, cancellationToken);
                    if (avatar is null)
                    {
                        return Results.NotFound();
                    }

                    http.Response.Headers.CacheControl = "private, max-age=300";
                    return Results.File(avatar.Png, "image/png", lastModified: avatar.UpdatedAt);
                })
                .WithSummary("A member's avatar as a PNG.")
                .Produces(StatusCodes.Status200OK, typeof(byte[]), "image/png")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

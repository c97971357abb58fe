namespace OCoP.Modules.Membership.Members;

/// <summary>A member account and its profile. Deleted members stay as anonymous tombstones so content keeps an author.</summary>
internal sealed class Member
{
    public Guid Id { get; set; }
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public bool EmailConfirmed { get; set; }
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = NewStamp();
    public string DisplayName { get; set; } = "";
    public string Bio { get; set; } = "";
    public List<string> Expertise { get; set; } = [];

    /// <summary>Says who they are and what they know: what "Complete your profile" asks for.</summary>
    public bool HasCompleteProfile() => !string.IsNullOrWhiteSpace(Bio) && Expertise.Count > 0;
    public List<string> Interests { get; set; } = [];

    /// <summary>The year the member began to practise: facilitators mix experience in breakout groups by it.</summary>
    public int? PractisingSince { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public DateTimeOffset? AvatarUpdatedAt { get; set; }
    public bool IsSiteAdministrator { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>When the member first saw their home page: the first visit greets a newcomer, later ones welcome back.</summary>
    public DateTimeOffset? WelcomedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public bool LockoutEnabled { get; set; } = true;
    public DateTimeOffset? LockoutEnd { get; set; }
    public int AccessFailedCount { get; set; }

    /// <summary>TOTP two-factor (RFC 6238): the shared key (Base32) and whether sign-in asks for a code.</summary>
    public string? AuthenticatorKey { get; set; }
    public bool TwoFactorEnabled { get; set; }

    /// <summary>The last authenticator code that signed in (SHA-256) and when: the same code is refused while it could
    /// still be valid (Identity accepts a code for about 90 seconds), so an overheard code cannot be replayed.</summary>
    public string? LastTotpCodeHash { get; set; }
    public DateTimeOffset? LastTotpAt { get; set; }

    /// <summary>Unused recovery codes, stored as SHA-256 hashes (a code is as good as a password).</summary>
    public List<string> RecoveryCodeHashes { get; set; } = [];

    /// <summary>The member's passkeys (WebAuthn credentials): public keys only, nothing that signs in by itself.</summary>
    public List<MemberPasskey> Passkeys { get; set; } = [];

    /// <summary>External OpenID Connect providers the member signs in with: which provider and its subject, no tokens.</summary>
    public List<MemberExternalLogin> ExternalLogins { get; set; } = [];

    /// <summary>Directory sort and keyset-paging key: lower-case name, then id, so equal names still page stably.</summary>
    public string DirectoryKey { get; set; } = "";

    /// <summary>Lower-case name, used by the directory's name search.</summary>
    public string SearchName { get; set; } = "";

    public bool IsDeleted => DeletedAt is not null;

    public void Rename(string displayName)
    {
        DisplayName = displayName.Trim();
        SearchName = DisplayName.ToLowerInvariant();
        DirectoryKey = $"{SearchName}\u001f{Id:N}";
    }

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>Tags are compared case-insensitively: stored trimmed, lower-case, without duplicates.</summary>
    public static List<string> NormalizeTags(IEnumerable<string>? tags) =>
        (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().Take(20).ToList();
}

/// <summary>
/// One passkey as ASP.NET Core Identity's <see cref="Microsoft.AspNetCore.Identity.UserPasskeyInfo"/> describes it. The
/// credential id is kept Base64url-encoded so that a sign-in finds its member with one indexed containment query.
/// </summary>
internal sealed class MemberPasskey
{
    public string Id { get; set; } = "";
    public byte[] PublicKey { get; set; } = [];
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public uint SignCount { get; set; }
    public string[]? Transports { get; set; }
    public bool IsUserVerified { get; set; }
    public bool IsBackupEligible { get; set; }
    public bool IsBackedUp { get; set; }
    public byte[] AttestationObject { get; set; } = [];
    public byte[] ClientDataJson { get; set; } = [];
}

/// <summary>
/// A link to an external OpenID Connect provider (Identity's <see cref="Microsoft.AspNetCore.Identity.UserLoginInfo"/>):
/// the provider's configuration key and the subject (<c>sub</c>) it gave the person. No token is kept.
/// </summary>
internal sealed class MemberExternalLogin
{
    public string Provider { get; set; } = "";
    public string Subject { get; set; } = "";
    public string? ProviderDisplayName { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>A member's avatar, already resized to a square PNG. Kept apart from <see cref="Member"/> so lists stay small.</summary>
internal sealed class MemberAvatar
{
    public Guid Id { get; set; }
    public byte[] Png { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}

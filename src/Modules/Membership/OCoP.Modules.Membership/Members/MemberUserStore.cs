using Marten;
using System.Buffers.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace OCoP.Modules.Membership.Members;

/// <summary>
/// ASP.NET Core Identity's user store over Marten: no package provides one. Identity uses it for sign-in, lockout,
/// confirmation and reset; registration, profile edits and deletion write members themselves, in an outboxed session,
/// so that the document and its integration event commit together.
/// </summary>
internal sealed class MemberUserStore(IMembershipStore store, TimeProvider clock, IDataProtectionProvider dataProtection) :
    IUserPasswordStore<Member>, IUserEmailStore<Member>, IUserSecurityStampStore<Member>, IUserLockoutStore<Member>,
    IUserAuthenticatorKeyStore<Member>, IUserTwoFactorStore<Member>, IUserTwoFactorRecoveryCodeStore<Member>, IUserPhoneNumberStore<Member>,
    IUserPasskeyStore<Member>, IUserLoginStore<Member>
{
    public async Task<IdentityResult> CreateAsync(Member user, CancellationToken cancellationToken) => await SaveAsync(user, cancellationToken);

    public async Task<IdentityResult> UpdateAsync(Member user, CancellationToken cancellationToken) => await SaveAsync(user, cancellationToken);

    public async Task<IdentityResult> DeleteAsync(Member user, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Delete(user);
        await session.SaveChangesAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public async Task<Member?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(userId, out var id))
        {
            return null;
        }

        await using var session = store.QuerySession();
        var member = await session.LoadAsync<Member>(id, cancellationToken);
        return member is { IsDeleted: false } ? member : null;
    }

    public Task<Member?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        FindByEmailAsync(normalizedUserName, cancellationToken);

    public async Task<Member?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<Member>()
            .FirstOrDefaultAsync(m => m.NormalizedEmail == normalizedEmail && m.DeletedAt == null, cancellationToken);
    }

    // The e-mail address is the user name.
    public Task<string> GetUserIdAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.Id.ToString());
    public Task<string?> GetUserNameAsync(Member user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);
    public Task SetUserNameAsync(Member user, string? userName, CancellationToken cancellationToken) => SetEmailAsync(user, userName, cancellationToken);
    public Task<string?> GetNormalizedUserNameAsync(Member user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedUserNameAsync(Member user, string? normalizedName, CancellationToken cancellationToken) =>
        SetNormalizedEmailAsync(user, normalizedName, cancellationToken);

    public Task SetPasswordHashAsync(Member user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);
    public Task<bool> HasPasswordAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(Member user, string? email, CancellationToken cancellationToken)
    {
        user.Email = email ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetEmailAsync(Member user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);
    public Task<bool> GetEmailConfirmedAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.EmailConfirmed);

    public Task SetEmailConfirmedAsync(Member user, bool confirmed, CancellationToken cancellationToken)
    {
        user.EmailConfirmed = confirmed;
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedEmailAsync(Member user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(Member user, string? normalizedEmail, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedEmail ?? "";
        return Task.CompletedTask;
    }

    public Task SetSecurityStampAsync(Member user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(Member user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(Member user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(Member user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);
    public Task<bool> GetLockoutEnabledAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(Member user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The TOTP key is stored encrypted with the site's Data Protection key ring (kept apart from the documents, in its
    /// own table, docs/adr/0060): a copy of the members' documents alone cannot make anyone's codes.
    /// </summary>
    public Task SetAuthenticatorKeyAsync(Member user, string key, CancellationToken cancellationToken)
    {
        user.AuthenticatorKey = ProtectedKeyPrefix + AuthenticatorKeys.Protect(key);
        return Task.CompletedTask;
    }

    /// <summary>The key in clear; a key stored before encryption (no prefix) is read as it is.</summary>
    public Task<string?> GetAuthenticatorKeyAsync(Member user, CancellationToken cancellationToken) =>
        Task.FromResult(user.AuthenticatorKey is { } stored && stored.StartsWith(ProtectedKeyPrefix, StringComparison.Ordinal)
            ? AuthenticatorKeys.Unprotect(stored[ProtectedKeyPrefix.Length..])
            : user.AuthenticatorKey);

    private const string ProtectedKeyPrefix = "dp1:";

    private IDataProtector AuthenticatorKeys => dataProtection.CreateProtector("OCoP.Membership.AuthenticatorKey.v1");

    public Task SetTwoFactorEnabledAsync(Member user, bool enabled, CancellationToken cancellationToken)
    {
        user.TwoFactorEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task<bool> GetTwoFactorEnabledAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.TwoFactorEnabled);

    public Task ReplaceCodesAsync(Member user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        user.RecoveryCodeHashes = recoveryCodes.Select(HashRecoveryCode).ToList();
        return Task.CompletedTask;
    }

    public Task<bool> RedeemCodeAsync(Member user, string code, CancellationToken cancellationToken) =>
        Task.FromResult(user.RecoveryCodeHashes.Remove(HashRecoveryCode(code)));

    public Task<int> CountCodesAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(user.RecoveryCodeHashes.Count);

    // Members have no phone number. Identity asks every two-factor provider (the SMS one too) whether it can serve a
    // member once two-factor is on; without this store that question throws instead of answering "no".
    public Task SetPhoneNumberAsync(Member user, string? phoneNumber, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<string?> GetPhoneNumberAsync(Member user, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    public Task<bool> GetPhoneNumberConfirmedAsync(Member user, CancellationToken cancellationToken) => Task.FromResult(false);
    public Task SetPhoneNumberConfirmedAsync(Member user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AddOrUpdatePasskeyAsync(Member user, UserPasskeyInfo passkey, CancellationToken cancellationToken)
    {
        var id = Base64Url.EncodeToString(passkey.CredentialId);
        var existing = user.Passkeys.Find(p => p.Id == id);
        if (existing is null)
        {
            user.Passkeys.Add(new MemberPasskey { Id = id, CreatedAt = passkey.CreatedAt });
            existing = user.Passkeys[^1];
        }
        else if (existing.SignCount != passkey.SignCount || existing.IsBackedUp != passkey.IsBackedUp)
        {
            existing.LastUsedAt = DateTimeOffset.UtcNow; // Identity updates a passkey after each sign-in with it
        }

        existing.PublicKey = passkey.PublicKey;
        existing.Name = passkey.Name;
        existing.SignCount = passkey.SignCount;
        existing.Transports = passkey.Transports;
        existing.IsUserVerified = passkey.IsUserVerified;
        existing.IsBackupEligible = passkey.IsBackupEligible;
        existing.IsBackedUp = passkey.IsBackedUp;
        existing.AttestationObject = passkey.AttestationObject;
        existing.ClientDataJson = passkey.ClientDataJson;
        return Task.CompletedTask;
    }

    public Task<IList<UserPasskeyInfo>> GetPasskeysAsync(Member user, CancellationToken cancellationToken) =>
        Task.FromResult<IList<UserPasskeyInfo>>(user.Passkeys.Select(Info).ToList());

    public async Task<Member?> FindByPasskeyIdAsync(byte[] credentialId, CancellationToken cancellationToken)
    {
        var id = Base64Url.EncodeToString(credentialId);
        await using var session = store.QuerySession();
        return await session.Query<Member>()
            .FirstOrDefaultAsync(m => m.Passkeys.Any(p => p.Id == id) && m.DeletedAt == null, cancellationToken);
    }

    public Task<UserPasskeyInfo?> FindPasskeyAsync(Member user, byte[] credentialId, CancellationToken cancellationToken)
    {
        var id = Base64Url.EncodeToString(credentialId);
        return Task.FromResult(user.Passkeys.Find(p => p.Id == id) is { } passkey ? Info(passkey) : null);
    }

    public Task RemovePasskeyAsync(Member user, byte[] credentialId, CancellationToken cancellationToken)
    {
        var id = Base64Url.EncodeToString(credentialId);
        user.Passkeys.RemoveAll(p => p.Id == id);
        return Task.CompletedTask;
    }

    private static UserPasskeyInfo Info(MemberPasskey passkey) =>
        new(Base64Url.DecodeFromChars(passkey.Id), passkey.PublicKey, passkey.CreatedAt, passkey.SignCount, passkey.Transports,
            passkey.IsUserVerified, passkey.IsBackupEligible, passkey.IsBackedUp, passkey.AttestationObject, passkey.ClientDataJson)
        {
            Name = passkey.Name,
        };

    public Task AddLoginAsync(Member user, UserLoginInfo login, CancellationToken cancellationToken)
    {
        user.ExternalLogins.Add(new MemberExternalLogin
        {
            Provider = login.LoginProvider,
            Subject = login.ProviderKey,
            ProviderDisplayName = login.ProviderDisplayName,
            LinkedAt = clock.GetUtcNow(),
        });
        return Task.CompletedTask;
    }

    public Task RemoveLoginAsync(Member user, string loginProvider, string providerKey, CancellationToken cancellationToken)
    {
        user.ExternalLogins.RemoveAll(l => l.Provider == loginProvider && l.Subject == providerKey);
        return Task.CompletedTask;
    }

    public Task<IList<UserLoginInfo>> GetLoginsAsync(Member user, CancellationToken cancellationToken) =>
        Task.FromResult<IList<UserLoginInfo>>(user.ExternalLogins.Select(l => new UserLoginInfo(l.Provider, l.Subject, l.ProviderDisplayName)).ToList());

    /// <summary>The member linked to a provider's subject: one containment query on the GIN-indexed document.</summary>
    public async Task<Member?> FindByLoginAsync(string loginProvider, string providerKey, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<Member>()
            .FirstOrDefaultAsync(m => m.ExternalLogins.Any(l => l.Provider == loginProvider && l.Subject == providerKey) && m.DeletedAt == null,
                cancellationToken);
    }

    public void Dispose()
    {
    }

    /// <summary>Codes are compared as typed apart from surrounding spaces, dashes and case.</summary>
    private static string HashRecoveryCode(string code) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(code.Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant())));

    private async Task<IdentityResult> SaveAsync(Member user, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Store(user);
        await session.SaveChangesAsync(cancellationToken);
        return IdentityResult.Success;
    }
}

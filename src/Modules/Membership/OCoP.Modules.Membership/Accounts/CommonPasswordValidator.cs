using Microsoft.AspNetCore.Identity;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>
/// Refuses the passwords people choose most often (NIST SP 800-63B 5.1.1.2: compare against a list of commonly used
/// values), at registration and password reset: every path that sets a password runs Identity's password validators.
/// The list (<c>common-passwords.txt</c>, the 100,000 most common, most common first) is the head of SecLists' top
/// million (drawn from Mark Burnett's 10 million passwords; CC BY-SA 3.0), see <c>common-passwords.LICENSE.txt</c>.
/// Compared without regard to case: "Password1234" is as weak as "password1234".
/// </summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<Member>
{
    public const string Code = "CommonPassword";
    public const string Message = "This password is one of the most common passwords, which attackers try first. Choose a phrase of your own.";

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<Member> manager, Member user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = Message })
            : IdentityResult.Success);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("OCoP.Modules.Membership.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the Membership assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords;
    }
}

using System.Security.Cryptography;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Events.Attendance;

/// <summary>When members check themselves in, and the short code they type (pure; docs/adr/0050).</summary>
internal static class CheckInWindow
{
    /// <summary>Letters and digits that cannot be mistaken for each other when read aloud or from a slide (no 0/O, 1/I/L).</summary>
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public const int CodeLength = 6;

    public static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);

    /// <summary>Self check-in: from <paramref name="opensBefore"/> before the start until the end.</summary>
    public static bool IsOpen(GroupEvent groupEvent, DateTimeOffset now, TimeSpan opensBefore) =>
        now >= groupEvent.StartsAt - opensBefore && now <= groupEvent.EndsAt;

    /// <summary>Organisers record attendance from the same moment on, also after the end (a sheet filled in afterwards).</summary>
    public static bool IsRecordable(GroupEvent groupEvent, DateTimeOffset now, TimeSpan opensBefore) => now >= groupEvent.StartsAt - opensBefore;

    /// <summary>Case and surrounding spaces do not matter; the comparison takes the same time whatever matches.</summary>
    public static bool Matches(string expected, string? given)
    {
        var typed = (given ?? "").Trim().ToUpperInvariant();
        return expected.Length > 0 && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(typed));
    }
}

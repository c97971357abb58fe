using System.Globalization;
using System.Text;

namespace OCoP.Modules.Events.Attendance;

/// <summary>
/// The attendance sheet as CSV (RFC 4180) for facilitators. A cell a spreadsheet would run as a formula (one starting
/// with =, +, -, @, a tab or a carriage return, as a member's name may) is written with a leading apostrophe (OWASP CSV
/// injection), then quoted when it holds a comma, quote or line break.
/// </summary>
internal static class AttendanceCsv
{
    public static string Of(AttendanceReport.Report report)
    {
        var csv = new StringBuilder("name,rsvp,waiting,present,checked_in_at,checked_in_by\r\n");
        foreach (var row in report.Items)
        {
            csv.Append(Cell(row.Name)).Append(',')
                .Append(Cell(row.Answer?.ToString() ?? "")).Append(',')
                .Append(row.Waiting ? "yes" : "no").Append(',')
                .Append(row.Present ? "yes" : "no").Append(',')
                .Append(row.CheckedInAt?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture) ?? "").Append(',')
                .Append(row.CheckedInAt is null ? "" : row.SelfCheckIn ? "self" : "organiser")
                .Append("\r\n");
        }

        return csv.ToString();
    }

    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

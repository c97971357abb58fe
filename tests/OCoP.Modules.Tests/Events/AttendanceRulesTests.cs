using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Tests.Events;

public sealed class AttendanceRulesTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 10, 17, 0, 0, TimeSpan.Zero);

    private static GroupEvent Event() => new() { StartsAt = Start, EndsAt = Start.AddHours(1), CheckInCode = "K7XM2P" };

    [Theory]
    [InlineData(-16, false)]
    [InlineData(-15, true)]
    [InlineData(0, true)]
    [InlineData(60, true)]
    [InlineData(61, false)]
    public void Self_check_in_opens_a_quarter_hour_before_the_start_and_closes_at_the_end(int minutes, bool open) =>
        CheckInWindow.IsOpen(Event(), Start.AddMinutes(minutes), TimeSpan.FromMinutes(15)).ShouldBe(open);

    [Fact]
    public void Organisers_record_attendance_from_the_same_moment_and_after_the_end() =>
        (CheckInWindow.IsRecordable(Event(), Start.AddMinutes(-16), TimeSpan.FromMinutes(15)),
            CheckInWindow.IsRecordable(Event(), Start.AddDays(3), TimeSpan.FromMinutes(15))).ShouldBe((false, true));

    [Theory]
    [InlineData("K7XM2P", true)]
    [InlineData(" k7xm2p ", true)]
    [InlineData("K7XM2Q", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_code_matches_whatever_its_case_and_surrounding_spaces(string? typed, bool matches) =>
        CheckInWindow.Matches("K7XM2P", typed).ShouldBe(matches);

    [Fact]
    public void An_event_without_a_code_matches_nothing() => CheckInWindow.Matches("", "").ShouldBeFalse();

    [Fact]
    public void New_codes_are_six_unambiguous_characters()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => CheckInWindow.NewCode()).ToList();
        codes.ShouldAllBe(c => c.Length == 6 && c.All(ch => "ABCDEFGHJKMNPQRSTUVWXYZ23456789".Contains(ch)));
        codes.Distinct().Count().ShouldBeGreaterThan(190);
    }

    [Theory]
    [InlineData("Ada Lovelace", "Ada Lovelace")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1 234", "'+1 234")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("Smith, Jane", "\"Smith, Jane\"")]
    [InlineData("", "")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe_and_commas_and_quotes_are_quoted(string value, string cell) =>
        AttendanceCsv.Cell(value).ShouldBe(cell);
}

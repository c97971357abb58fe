namespace OCoP.Modules.Events.Feedback;

/// <summary>One attendee's feedback on an event; id <c>{eventId:N}/{memberId:N}</c>, so giving it again replaces it.</summary>
internal sealed class FeedbackEntry
{
    public string Id { get; set; } = "";
    public Guid EventId { get; set; }
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }

    /// <summary>1 (poor) to 5 (excellent).</summary>
    public int Rating { get; set; }

    public string? WhatWorked { get; set; }
    public string? WhatToChange { get; set; }
    public DateTimeOffset GivenAt { get; set; }

    public static string IdFor(Guid eventId, Guid memberId) => $"{eventId:N}/{memberId:N}";
}

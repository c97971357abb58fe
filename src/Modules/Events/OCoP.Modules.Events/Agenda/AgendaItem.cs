namespace OCoP.Modules.Events.Agenda;

/// <summary>What a segment of a session is for: the shapes of a good online session in the practitioners' texts.</summary>
internal enum SegmentKind
{
    Welcome,
    Presentation,
    Discussion,
    Breakouts,
    Reflection,
    WrapUp,
}

/// <summary>One timed segment of an event's agenda: a title, its minutes, who leads it (a name, as the facilitator writes it) and its kind.</summary>
internal sealed record AgendaItem(string Title, int Minutes, string? Lead, SegmentKind Kind);

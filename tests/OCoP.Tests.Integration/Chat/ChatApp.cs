using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Chat;

/// <summary>The platform for chat tests, with a tight per-member chat rate so that the limit is met on any machine.</summary>
public sealed class ChatApp : OCoPApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Engagement:ChatMessagesPerSecond"] = "2",
        ["Engagement:ChatBurst"] = "30",
    };
}

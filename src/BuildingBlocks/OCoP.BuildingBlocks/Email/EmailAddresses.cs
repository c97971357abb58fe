namespace OCoP.BuildingBlocks.Email;

/// <summary>
/// Which addresses the site can deliver to. Addresses with non-ASCII characters need SMTPUTF8 from every server on the
/// way; the site refuses them where they are entered, with this message, rather than accepting an address whose e-mails
/// would never arrive (docs/adr/0013-one-email-path.md).
/// </summary>
public static class EmailAddresses
{
    public const string NonAsciiRefused =
        "Use an address written with ASCII characters only: addresses with accents or non-Latin letters cannot receive e-mail from this site yet.";

    public static bool IsAscii(string? address) => address is null || address.All(char.IsAscii);
}

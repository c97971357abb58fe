using MailKit.Security;

namespace OCoP.BuildingBlocks.Email;

/// <summary>Where and how e-mail is handed over (section <c>Smtp</c>).</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;
    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's <see cref="SecureSocketOptions"/>).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.None;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "community@ocop.localhost";
    public string FromName { get; set; } = "OCoP";
}

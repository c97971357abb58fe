using System.Net;
using OCoP.Modules.Knowledge.Resources;

namespace OCoP.Modules.Tests.Knowledge;

/// <summary>The plain unit rule: which addresses the link check refuses by default.</summary>
public sealed class LinkCheckAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:4700::1111", true)]
    public void Only_public_addresses_are_checked_by_default(string address, bool checkedByDefault) =>
        LinkChecker.IsPublic(IPAddress.Parse(address)).ShouldBe(checkedByDefault);
}

namespace Ht2.Tests.Http;

// RFC 9113 §8.2.2: connection-specific fields make a message malformed; te may only say "trailers".
public class ConnectionSpecificFieldTests
{
    private const string ConnectionSpecific = "RFC 9113 §8.2.2: a connection-specific field";
    private const string Te = "RFC 9113 §8.2.2: te with a value other than trailers";

    [Theory]
    [InlineData("connection", "keep-alive")]
    [InlineData("keep-alive", "timeout=5")]
    [InlineData("proxy-connection", "close")]
    [InlineData("transfer-encoding", "chunked")]
    [InlineData("upgrade", "websocket")]
    public void ConnectionSpecificFieldsAreRejectedInEverySection(string name, string value)
    {
        Assert.Equal(ConnectionSpecific, Sections.RequestWith((name, value)));
        Assert.Equal(ConnectionSpecific, Sections.Response((":status", "200"), (name, value)));
        Assert.Equal(ConnectionSpecific, Sections.Trailers((name, value)));
    }

    [Theory]
    [InlineData("connectio")]
    [InlineData("connections")]
    [InlineData("x-upgrade")]
    [InlineData("transfer-encodings")]
    [InlineData("upgradx")]            // each length the check looks for, with another name of that length
    [InlineData("connectiom")]
    [InlineData("keep-alivf")]
    [InlineData("proxy-connectiom")]
    [InlineData("transfer-encodinf")]
    [InlineData("tf")]
    [InlineData("hosu")]
    [InlineData("content-lengtg")]
    public void NamesThatMerelyResembleThemAreAccepted(string name)
    {
        Assert.Null(Sections.RequestWith((name, "v")));
    }

    [Theory]
    [InlineData("trailers")]
    [InlineData("Trailers")]   // the t-codings token is case-insensitive (RFC 9110 §10.1.4)
    public void TeTrailersIsAccepted(string value)
    {
        Assert.Null(Sections.RequestWith(("te", value)));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("trailers, deflate")]
    [InlineData("trailers;q=1")]
    [InlineData("")]
    [InlineData("trailer")]
    public void TeWithAnotherValueIsRejected(string value)
    {
        Assert.Equal(Te, Sections.RequestWith(("te", value)));
    }

    [Fact]
    public void EveryTeFieldIsChecked()
    {
        Assert.Equal(Te, Sections.RequestWith(("te", "trailers"), ("te", "gzip")));
    }
}

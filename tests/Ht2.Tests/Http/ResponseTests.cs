namespace Ht2.Tests.Http;

// RFC 9113 §8.3.2: exactly one :status, a three-digit code (RFC 9110 §15: 100..599); §8.1: 1xx never ends a stream.
public class ResponseTests
{
    private const string BadStatus = "RFC 9113 §8.3.2: :status is not a three-digit status code from 100 to 599";

    [Theory]
    [InlineData("100", 100)]
    [InlineData("200", 200)]
    [InlineData("204", 204)]
    [InlineData("304", 304)]
    [InlineData("599", 599)]
    public void StatusIsParsed(string value, int status)
    {
        HttpFieldValidator response = Sections.Run(HttpBlockKind.Response, false, false, new[] { (":status", value), ("server", "t") });
        Assert.Null(response.Error);
        Assert.Equal(status, response.Status);
        Assert.False(response.IsHead || response.IsConnect);
    }

    [Theory]
    [InlineData("")]
    [InlineData("20")]
    [InlineData("2000")]
    [InlineData("099")]
    [InlineData("600")]
    [InlineData("2x0")]
    [InlineData("+20")]
    [InlineData("200 OK")]
    public void InvalidStatusIsRejected(string value)
    {
        Assert.Equal(BadStatus, Sections.Response((":status", value)));
    }

    [Fact]
    public void MissingStatusIsRejected()
    {
        Assert.Equal("RFC 9113 §8.3.2: a response without :status", Sections.Response(("content-type", "text/plain")));
        Assert.Equal("RFC 9113 §8.3.2: a response without :status", Sections.Response());
    }

    [Fact]
    public void InformationalResponseMustNotEndTheStream()
    {
        Assert.Null(Sections.Response((":status", "103"), ("link", "</style.css>; rel=preload")));
        Assert.Equal("RFC 9113 §8.1: an informational (1xx) response with END_STREAM",
            Sections.Check(HttpBlockKind.Response, true, false, new[] { (":status", "100") }));
    }

    [Fact]
    public void FinalResponseMayEndTheStream()
    {
        Assert.Null(Sections.Check(HttpBlockKind.Response, true, false, new[] { (":status", "204") }));
        // A response's content-length is held against DATA by HttpBodyLength.ForResponse, which knows the request.
        Assert.Null(Sections.Check(HttpBlockKind.Response, true, false, new[] { (":status", "200"), ("content-length", "10") }));
    }
}

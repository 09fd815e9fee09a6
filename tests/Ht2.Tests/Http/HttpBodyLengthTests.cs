using System;

namespace Ht2.Tests.Http;

// RFC 9113 §8.1.1: the DATA payloads must add up to content-length; RFC 9110 §6.4.1 and RFC 9113 §8.5 say which
// responses have no content and which DATA is a tunnel.
public class HttpBodyLengthTests
{
    [Fact]
    public void ExactLengthPasses()
    {
        HttpBodyLength body = new(10);
        Assert.True(body.TryAdd(4));
        Assert.True(body.TryAdd(0));
        Assert.True(body.TryAdd(6));
        Assert.True(body.TryEnd());
        Assert.Equal(10, body.Received);
        Assert.Equal(10, body.Declared);
    }

    [Fact]
    public void ExceedingTheDeclaredLengthFailsAtOnce()
    {
        HttpBodyLength body = new(10);
        Assert.True(body.TryAdd(10));
        Assert.False(body.TryAdd(1));
    }

    [Fact]
    public void ShortBodyFailsAtEnd()
    {
        HttpBodyLength body = new(10);
        Assert.True(body.TryAdd(9));
        Assert.False(body.TryEnd());
    }

    [Fact]
    public void ZeroLengthAcceptsOnlyEmptyData()
    {
        HttpBodyLength body = new(0);
        Assert.True(body.TryEnd());
        Assert.True(body.TryAdd(0));
        Assert.False(body.TryAdd(1));
    }

    [Fact]
    public void NoDeclaredLengthChecksNothing()
    {
        foreach (HttpBodyLength start in new[] { new HttpBodyLength(-1), default })
        {
            HttpBodyLength body = start;
            Assert.True(body.TryAdd(int.MaxValue));
            Assert.True(body.TryAdd(int.MaxValue));
            Assert.True(body.TryEnd());
            Assert.Equal(-1, body.Declared);
        }
    }

    [Fact]
    public void NegativeCountIsAProgrammingError()
    {
        HttpBodyLength body = new(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => body.TryAdd(-1));
    }

    [Fact]
    public void RequestBodyFollowsContentLengthExceptForConnect()
    {
        HttpFieldValidator post = Sections.Run(HttpBlockKind.Request, false, false,
            new[] { (":method", "POST"), (":scheme", "https"), (":path", "/"), ("content-length", "3") });
        Assert.Equal(3, HttpBodyLength.ForRequest(post).Declared);

        HttpFieldValidator connect = Sections.Run(HttpBlockKind.Request, false, false,
            new[] { (":method", "CONNECT"), (":authority", "a.example:443"), ("content-length", "3") });
        Assert.Equal(-1, HttpBodyLength.ForRequest(connect).Declared);
    }

    [Theory]
    [InlineData("GET", "200", 5L)]
    [InlineData("HEAD", "200", 0L)]   // no content, whatever content-length says
    [InlineData("GET", "204", 0L)]
    [InlineData("GET", "304", 0L)]
    [InlineData("GET", "404", 5L)]
    public void ResponseBodyFollowsTheRequestAndStatus(string method, string status, long declared)
    {
        HttpFieldValidator request = Sections.Run(HttpBlockKind.Request, true, false, new[] { (":method", method), (":scheme", "https"), (":path", "/") });
        HttpFieldValidator response = Sections.Run(HttpBlockKind.Response, false, false, new[] { (":status", status), ("content-length", "5") });
        Assert.Equal(declared, HttpBodyLength.ForResponse(response, request).Declared);
    }

    [Theory]
    [InlineData("200", -1L)]   // the tunnel is open: DATA is the tunnel's bytes
    [InlineData("299", -1L)]   // any 2xx opens it (RFC 9110 §9.3.6)
    [InlineData("199", 5L)]
    [InlineData("300", 5L)]    // the first status past 2xx: no tunnel
    [InlineData("407", 5L)]
    public void ConnectResponseBodyIsUncheckedOnlyWhenTheTunnelOpens(string status, long declared)
    {
        HttpFieldValidator request = Sections.Run(HttpBlockKind.Request, false, false, new[] { (":method", "CONNECT"), (":authority", "a.example:443") });
        HttpFieldValidator response = Sections.Run(HttpBlockKind.Response, false, false, new[] { (":status", status), ("content-length", "5") });
        Assert.Equal(declared, HttpBodyLength.ForResponse(response, request).Declared);
    }
}

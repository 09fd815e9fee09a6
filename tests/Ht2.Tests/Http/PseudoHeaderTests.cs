namespace Ht2.Tests.Http;

// RFC 9113 §8.3: pseudo-header fields come first, once each, only the defined ones, only in their own kind of
// section, never in trailers; :protocol only with SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §3).
public class PseudoHeaderTests
{
    [Fact]
    public void ValidRequestIsAccepted()
    {
        Assert.Null(Sections.Request(Sections.ValidRequest));
    }

    [Fact]
    public void PseudoHeaderOrderAmongThemselvesIsFree()
    {
        Assert.Null(Sections.Request((":path", "/"), (":authority", "a.example"), (":scheme", "http"), (":method", "GET")));
    }

    [Fact]
    public void PseudoHeaderAfterRegularFieldIsRejected()
    {
        Assert.Equal("RFC 9113 §8.3: a pseudo-header field after a regular field",
            Sections.Request((":method", "GET"), (":scheme", "https"), ("accept", "*/*"), (":path", "/")));
        Assert.Equal("RFC 9113 §8.3: a pseudo-header field after a regular field",
            Sections.Response(("server", "x"), (":status", "200")));
    }

    [Fact]
    public void PseudoHeaderAfterSeveralRegularFieldsIsRejected()
    {
        // Every regular field counts: a second one must not make the section look as if none came yet.
        Assert.Equal("RFC 9113 §8.3: a pseudo-header field after a regular field",
            Sections.Request((":method", "GET"), (":scheme", "https"), ("accept", "*/*"), ("user-agent", "t"), (":path", "/")));
    }

    [Theory]
    [InlineData(":method", "POST")]
    [InlineData(":scheme", "http")]
    [InlineData(":authority", "other.example")]
    [InlineData(":path", "/other")]
    public void DuplicateRequestPseudoHeaderIsRejected(string name, string value)
    {
        Assert.Equal("RFC 9113 §8.3: a pseudo-header field appears twice",
            Sections.Request((":method", "GET"), (":scheme", "https"), (":authority", "a.example"), (":path", "/"), (name, value)));
    }

    [Fact]
    public void DuplicateProtocolIsRejected()
    {
        Assert.Equal("RFC 9113 §8.3: a pseudo-header field appears twice",
            Sections.ExtendedConnect((":method", "CONNECT"), (":protocol", "websocket"), (":protocol", "websocket"),
                (":scheme", "https"), (":path", "/chat"), (":authority", "a.example")));
    }

    [Fact]
    public void DuplicateStatusIsRejected()
    {
        Assert.Equal("RFC 9113 §8.3: a pseudo-header field appears twice",
            Sections.Response((":status", "200"), (":status", "200")));
    }

    [Theory]
    [InlineData(":")]
    [InlineData(":foo")]
    [InlineData(":PATH")]
    [InlineData("::path")]
    [InlineData(":path ")]
    [InlineData(":host")]
    public void UndefinedPseudoHeaderIsRejected(string name)
    {
        Assert.Equal("RFC 9113 §8.3: an undefined pseudo-header field",
            Sections.Request((":method", "GET"), (":scheme", "https"), (":path", "/"), (name, "x")));
    }

    [Fact]
    public void StatusInRequestIsRejected()
    {
        Assert.Equal("RFC 9113 §8.3: a response pseudo-header field in a request",
            Sections.Request((":method", "GET"), (":scheme", "https"), (":path", "/"), (":status", "200")));
    }

    [Theory]
    [InlineData(":method", "GET")]
    [InlineData(":scheme", "https")]
    [InlineData(":authority", "a.example")]
    [InlineData(":path", "/")]
    public void RequestPseudoHeaderInResponseIsRejected(string name, string value)
    {
        Assert.Equal("RFC 9113 §8.3: a request pseudo-header field in a response",
            Sections.Response((":status", "200"), (name, value)));
    }

    [Fact]
    public void ProtocolInResponseIsARequestPseudoHeader()
    {
        foreach (bool extendedConnect in new[] { true, false })
        {
            Assert.Equal("RFC 9113 §8.3: a request pseudo-header field in a response",
                Sections.Check(HttpBlockKind.Response, false, extendedConnect, new[] { (":status", "200"), (":protocol", "websocket") }));
        }
    }

    [Theory]
    [InlineData(":status", "200")]
    [InlineData(":path", "/")]
    [InlineData(":method", "GET")]
    public void PseudoHeaderInTrailersIsRejected(string name, string value)
    {
        Assert.Equal("RFC 9113 §8.1: a pseudo-header field in a trailer section",
            Sections.Trailers(("grpc-status", "0"), (name, value)));
        Assert.Equal("RFC 9113 §8.1: a pseudo-header field in a trailer section", Sections.Trailers((name, value)));
    }

    [Fact]
    public void ProtocolWithoutEnableConnectProtocolIsRejected()
    {
        Assert.Equal("RFC 8441 §3: :protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL",
            Sections.Check(HttpBlockKind.Request, false, false, new[]
            {
                (":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"), (":path", "/chat"), (":authority", "a.example"),
            }));
    }

    [Fact]
    public void FirstViolationWinsAndLaterFieldsAreOnlyCounted()
    {
        HttpFieldValidator validator = Sections.Run(HttpBlockKind.Request, true, false, new[]
        {
            (":method", "GET"), ("Bad", "1"), (":path", "/"), ("connection", "close"), ("content-length", "x"),
        });
        Assert.Equal("RFC 9113 §8.2.1: uppercase character in a field name", validator.Error);
        Assert.Equal(-1, validator.ContentLength);
    }
}

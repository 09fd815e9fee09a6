namespace Ht2.Tests.Http;

// RFC 9113 §8.3.1 (request pseudo-header fields and :path forms), §8.5 (CONNECT), RFC 8441 §4 (extended CONNECT).
public class RequestTests
{
    [Theory]
    [InlineData(":method", "RFC 9113 §8.3.1: a request without :method")]
    [InlineData(":scheme", "RFC 9113 §8.3.1: a request without :scheme")]
    [InlineData(":path", "RFC 9113 §8.3.1: a request without :path")]
    public void MissingRequiredPseudoHeaderIsRejected(string missing, string reason)
    {
        (string, string)[] all = { (":method", "GET"), (":scheme", "https"), (":authority", "a.example"), (":path", "/") };
        Assert.Equal(reason, Sections.Request(System.Array.FindAll(all, f => f.Item1 != missing)));
    }

    [Fact]
    public void AuthorityIsOptional()
    {
        Assert.Null(Sections.Request((":method", "GET"), (":scheme", "https"), (":path", "/")));
        Assert.Null(Sections.Request((":method", "GET"), (":scheme", "https"), (":path", "/"), ("host", "a.example")));
    }

    [Fact]
    public void PropertiesDescribeTheRequest()
    {
        HttpFieldValidator get = Sections.Run(HttpBlockKind.Request, true, false, Sections.ValidRequest);
        Assert.False(get.IsHead || get.IsConnect || get.IsExtendedConnect);
        Assert.Equal(0, get.Status);
        Assert.Equal(-1, get.ContentLength);
        Assert.Equal(HttpBlockKind.Request, get.Kind);

        HttpFieldValidator head = Sections.Run(HttpBlockKind.Request, true, false, new[] { (":method", "HEAD"), (":scheme", "http"), (":path", "/") });
        Assert.True(head.IsHead);
        Assert.False(head.IsConnect);
    }

    [Fact]
    public void MethodsAreCaseSensitive()
    {
        HttpFieldValidator head = Sections.Run(HttpBlockKind.Request, true, false, new[] { (":method", "head"), (":scheme", "http"), (":path", "/") });
        Assert.Null(head.Error);
        Assert.False(head.IsHead);
        // "connect" is an ordinary method, so it needs :scheme and :path like any other.
        Assert.Equal("RFC 9113 §8.3.1: a request without :scheme", Sections.Request((":method", "connect"), (":authority", "a.example:443")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("G T")]
    [InlineData("GET/")]
    [InlineData("G\u00c9T")]
    public void MethodThatIsNotATokenIsRejected(string method)
    {
        Assert.Equal("RFC 9113 §8.3.1: :method is not a token",
            Sections.Request((":method", method), (":scheme", "https"), (":path", "/")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1http")]
    [InlineData("ht tp")]
    [InlineData("http:")]
    [InlineData("+http")]
    public void SchemeThatIsNotAUriSchemeIsRejected(string scheme)
    {
        Assert.Equal("RFC 9113 §8.3.1: :scheme is not a URI scheme",
            Sections.Request((":method", "GET"), (":scheme", scheme), (":path", "/")));
    }

    [Theory]
    [InlineData("z39.50r")]   // a registered scheme that starts with the last letter (RFC 3986 §3.1: ALPHA first)
    [InlineData("Z39.50s")]
    [InlineData("a")]
    public void SchemeStartingWithAnyLetterIsAccepted(string scheme)
    {
        Assert.Null(Sections.Request((":method", "GET"), (":scheme", scheme), (":authority", "a.example"), (":path", "/")));
    }

    [Fact]
    public void EveryEmptyHostCounts()
    {
        // Two empty host fields: the second must not cancel the first.
        Assert.Equal("RFC 9113 §8.3.1: an empty :authority or host for an http or https URI",
            Sections.Request((":method", "GET"), (":scheme", "http"), (":path", "/"), ("host", ""), ("host", "")));
    }

    [Theory]
    [InlineData("https", "/")]
    [InlineData("HTTP", "/a?b=c")]
    [InlineData("coap+tcp", "relative")]   // only http and https require the origin form
    [InlineData("foo", "*")]
    public void LegalTargetsAreAccepted(string scheme, string path)
    {
        string method = path == "*" ? "OPTIONS" : "GET";
        Assert.Null(Sections.Request((":method", method), (":scheme", scheme), (":path", path)));
    }

    [Theory]
    [InlineData("https")]
    [InlineData("foo")]
    public void EmptyPathIsRejected(string scheme)
    {
        Assert.Equal("RFC 9113 §8.3.1: an empty :path",
            Sections.Request((":method", "GET"), (":scheme", scheme), (":authority", "a.example"), (":path", "")));
    }

    [Fact]
    public void AsteriskPathIsOnlyForOptions()
    {
        Assert.Null(Sections.Request((":method", "OPTIONS"), (":scheme", "https"), (":authority", "a.example"), (":path", "*")));
        Assert.Equal("RFC 9113 §8.3.1: :path '*' in a request that is not OPTIONS",
            Sections.Request((":method", "GET"), (":scheme", "https"), (":authority", "a.example"), (":path", "*")));
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("https://a.example/")]
    [InlineData("**")]
    [InlineData("?q")]
    public void HttpPathNotStartingWithSlashIsRejected(string path)
    {
        Assert.Equal("RFC 9113 §8.3.1: an http or https :path that neither starts with '/' nor is '*'",
            Sections.Request((":method", "OPTIONS"), (":scheme", "http"), (":authority", "a.example"), (":path", path)));
    }

    [Fact]
    public void EmptyAuthorityOrHostIsRejectedForHttp()
    {
        const string reason = "RFC 9113 §8.3.1: an empty :authority or host for an http or https URI";
        Assert.Equal(reason, Sections.Request((":method", "GET"), (":scheme", "https"), (":authority", ""), (":path", "/")));
        Assert.Equal(reason, Sections.Request((":method", "GET"), (":scheme", "http"), (":path", "/"), ("host", "")));
        Assert.Null(Sections.Request((":method", "GET"), (":scheme", "urn"), (":authority", ""), (":path", "x")));
    }

    [Fact]
    public void UserinfoInHttpAuthorityIsRejected()
    {
        Assert.Equal("RFC 9113 §8.3.1: a userinfo in the :authority of an http or https URI",
            Sections.Request((":method", "GET"), (":scheme", "https"), (":authority", "user:pw@a.example"), (":path", "/")));
        Assert.Null(Sections.Request((":method", "GET"), (":scheme", "ftp"), (":authority", "user@a.example"), (":path", "/")));
    }

    [Fact]
    public void ConnectCarriesMethodAndAuthorityOnly()
    {
        HttpFieldValidator connect = Sections.Run(HttpBlockKind.Request, false, false, new[] { (":method", "CONNECT"), (":authority", "proxy.example:443") });
        Assert.Null(connect.Error);
        Assert.True(connect.IsConnect);
        Assert.False(connect.IsExtendedConnect);
        Assert.Null(Sections.Request((":method", "CONNECT"), (":authority", "[2001:db8::1]:8080")));
    }

    [Theory]
    [InlineData(":scheme", "https")]
    [InlineData(":path", "/")]
    public void ConnectWithSchemeOrPathIsRejected(string name, string value)
    {
        Assert.Equal("RFC 9113 §8.5: CONNECT with :scheme or :path",
            Sections.Request((":method", "CONNECT"), (":authority", "proxy.example:443"), (name, value)));
    }

    [Fact]
    public void ConnectWithoutAuthorityIsRejected()
    {
        Assert.Equal("RFC 9113 §8.5: CONNECT without :authority", Sections.Request((":method", "CONNECT"), ("host", "proxy.example:443")));
    }

    [Theory]
    [InlineData("proxy.example")]
    [InlineData("proxy.example:")]
    [InlineData(":443")]
    [InlineData("proxy.example:44a")]
    [InlineData("user@proxy.example:443")]
    [InlineData("2001:db8::1:443")]
    [InlineData("[]:443")]
    [InlineData("[::1:443")]
    [InlineData("")]
    public void ConnectAuthorityThatIsNotHostAndPortIsRejected(string authority)
    {
        Assert.Equal("RFC 9113 §8.5: the :authority of CONNECT is not host:port",
            Sections.Request((":method", "CONNECT"), (":authority", authority)));
    }

    [Fact]
    public void ExtendedConnectIsAcceptedWhenEnabled()
    {
        HttpFieldValidator ws = Sections.Run(HttpBlockKind.Request, false, true, new[]
        {
            (":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"), (":path", "/chat"), (":authority", "a.example"),
            ("sec-websocket-version", "13"),
        });
        Assert.Null(ws.Error);
        Assert.True(ws.IsConnect);
        Assert.True(ws.IsExtendedConnect);
    }

    [Theory]
    [InlineData(":scheme")]
    [InlineData(":path")]
    [InlineData(":authority")]
    public void ExtendedConnectWithoutSchemePathOrAuthorityIsRejected(string missing)
    {
        (string, string)[] all = { (":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"), (":path", "/chat"), (":authority", "a.example") };
        Assert.Equal("RFC 8441 §4: an extended CONNECT without :scheme, :path or :authority",
            Sections.ExtendedConnect(System.Array.FindAll(all, f => f.Item1 != missing)));
    }

    [Fact]
    public void ProtocolOnAnotherMethodIsRejected()
    {
        Assert.Equal("RFC 8441 §4: :protocol in a request whose method is not CONNECT",
            Sections.ExtendedConnect((":method", "GET"), (":protocol", "websocket"), (":scheme", "https"), (":path", "/"), (":authority", "a.example")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("web socket")]
    public void ProtocolThatIsNotATokenIsRejected(string protocol)
    {
        Assert.Equal("RFC 8441 §4: :protocol is not a token",
            Sections.ExtendedConnect((":method", "CONNECT"), (":protocol", protocol), (":scheme", "https"), (":path", "/"), (":authority", "a.example")));
    }

    [Fact]
    public void ExtendedConnectFollowsTheHttpTargetRules()
    {
        Assert.Equal("RFC 9113 §8.3.1: an http or https :path that neither starts with '/' nor is '*'",
            Sections.ExtendedConnect((":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"), (":path", "chat"), (":authority", "a.example")));
    }
}

namespace Ht2.Tests.Http;

// RFC 9113 §8.2.1: no NUL, CR or LF anywhere in a value; no SP or HTAB at either end.
public class FieldValueTests
{
    private const string Forbidden = "RFC 9113 §8.2.1: NUL, CR or LF in a field value";
    private const string Whitespace = "RFC 9113 §8.2.1: a field value starts or ends with whitespace";

    [Theory]
    [InlineData("")]
    [InlineData("a b\tc")]                 // inner whitespace is fine
    [InlineData("\u0001\u001f\u007f")]     // other controls are not RFC 9113's concern
    [InlineData("caf\u00e9 \u0080\u00ff")] // obs-text
    [InlineData("\"quoted\", (comment)")]
    public void LegalValuesAreAccepted(string value)
    {
        Assert.Null(Sections.RequestWith(("x-test", value)));
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("a\0b")]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\r\nx-injected: 1")]
    [InlineData("end\n")]
    public void NulCrLfAreRejected(string value)
    {
        Assert.Equal(Forbidden, Sections.RequestWith(("x-test", value)));
    }

    [Theory]
    [InlineData(" a")]
    [InlineData("\ta")]
    [InlineData("a ")]
    [InlineData("a\t")]
    [InlineData(" ")]
    public void LeadingOrTrailingWhitespaceIsRejected(string value)
    {
        Assert.Equal(Whitespace, Sections.RequestWith(("x-test", value)));
    }

    [Fact]
    public void PseudoHeaderValuesAreCheckedToo()
    {
        Assert.Equal(Forbidden, Sections.Request((":method", "GET"), (":scheme", "https"), (":path", "/a\nb")));
        Assert.Equal(Whitespace, Sections.Request((":method", "GET"), (":scheme", "https"), (":path", "/ ")));
        Assert.Equal(Whitespace, Sections.Response((":status", " 200")));
    }

    [Fact]
    public void ValuesAreCheckedInResponsesAndTrailers()
    {
        Assert.Equal(Forbidden, Sections.Response((":status", "200"), ("server", "x\r")));
        Assert.Equal(Whitespace, Sections.Trailers(("grpc-message", "done ")));
    }
}

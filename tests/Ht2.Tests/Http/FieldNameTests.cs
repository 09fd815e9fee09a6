namespace Ht2.Tests.Http;

// RFC 9113 §8.2.1: names are tokens (RFC 9110 §5.6.2) without uppercase; ':' starts only a pseudo-header field.
public class FieldNameTests
{
    private const string Uppercase = "RFC 9113 §8.2.1: uppercase character in a field name";
    private const string NotToken = "RFC 9113 §8.2.1: a field name holds a character that is not a token character";

    [Fact]
    public void EveryTokenCharacterIsAccepted()
    {
        Assert.Null(Sections.RequestWith(("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz", "v")));
    }

    [Fact]
    public void EmptyNameIsRejected()
    {
        Assert.Equal("RFC 9113 §8.2.1: empty field name", Sections.RequestWith(("", "v")));
    }

    [Theory]
    [InlineData("Accept")]
    [InlineData("x-A")]
    [InlineData("Z")]
    public void UppercaseIsRejected(string name)
    {
        Assert.Equal(Uppercase, Sections.RequestWith((name, "v")));
    }

    [Theory]
    [InlineData("x y")]          // SP
    [InlineData("x\ty")]         // HTAB
    [InlineData("x\0")]          // NUL
    [InlineData("x\u007f")]      // DEL
    [InlineData("x\u0080")]      // beyond ASCII
    [InlineData("x\u00ff")]
    [InlineData("x:y")]          // colon inside a regular name
    [InlineData("x\"y")]         // delimiters (RFC 9110 §5.6.2) are not token characters
    [InlineData("x(y)")]
    [InlineData("x,y")]
    [InlineData("x/y")]
    [InlineData("x;y")]
    [InlineData("x=y")]
    [InlineData("x@y")]
    [InlineData("x[y]")]
    [InlineData("x{y}")]
    [InlineData("x\\y")]
    [InlineData("x?y")]
    [InlineData("x<y>")]
    public void NonTokenCharacterIsRejected(string name)
    {
        Assert.Equal(NotToken, Sections.RequestWith((name, "v")));
    }

    [Fact]
    public void TheNameIsJudgedBeforeTheValue()
    {
        // A field wrong in both parts is reported for its name: the reason names the first rule the field breaks.
        Assert.Equal(Uppercase, Sections.RequestWith(("X-Bad", " padded ")));
    }

    [Fact]
    public void UppercasePseudoHeaderNameIsUndefined()
    {
        Assert.Equal("RFC 9113 §8.3: an undefined pseudo-header field",
            Sections.Request((":Method", "GET"), (":scheme", "https"), (":path", "/")));
    }

    [Fact]
    public void NamesAreCheckedInResponsesAndTrailers()
    {
        Assert.Equal(Uppercase, Sections.Response((":status", "200"), ("Content-Type", "text/plain")));
        Assert.Equal(Uppercase, Sections.Trailers(("Grpc-Status", "0")));
    }
}

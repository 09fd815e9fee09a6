namespace Ht2.Tests.Http;

// RFC 9110 §8.6 (content-length syntax and repeated values) and RFC 9113 §8.1.1 (a request ending in its HEADERS).
public class ContentLengthTests
{
    private const string NotNumber = "RFC 9110 §8.6: content-length is not a non-negative decimal number";

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("007", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void NumericValueIsParsed(string value, long expected)
    {
        HttpFieldValidator validator = Sections.Run(HttpBlockKind.Response, false, false, new[] { (":status", "200"), ("content-length", value) });
        Assert.Null(validator.Error);
        Assert.Equal(expected, validator.ContentLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("1,1")]
    [InlineData("1 1")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999999")]
    public void NonNumericValueIsRejected(string value)
    {
        Assert.Equal(NotNumber, Sections.Response((":status", "200"), ("content-length", value)));
    }

    [Fact]
    public void IdenticalRepeatsCountAsOne()
    {
        HttpFieldValidator validator = Sections.Run(HttpBlockKind.Response, false, false, new[] { (":status", "200"), ("content-length", "5"), ("content-length", "05") });
        Assert.Null(validator.Error);
        Assert.Equal(5, validator.ContentLength);
    }

    [Fact]
    public void DifferingValuesAreRejected()
    {
        Assert.Equal("RFC 9110 §8.6: content-length fields disagree",
            Sections.Response((":status", "200"), ("content-length", "5"), ("content-length", "6")));
    }

    [Fact]
    public void RequestEndingInItsHeadersMustNotDeclareContent()
    {
        Assert.Null(Sections.RequestWith(("content-length", "0")));
        Assert.Equal("RFC 9113 §8.1.1: content-length is not the length of the DATA", Sections.RequestWith(("content-length", "1")));
        Assert.Null(Sections.Check(HttpBlockKind.Request, false, false,
            new[] { (":method", "POST"), (":scheme", "https"), (":path", "/"), ("content-length", "1") }));
    }
}

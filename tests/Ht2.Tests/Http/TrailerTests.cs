namespace Ht2.Tests.Http;

// RFC 9113 §8.1: a trailer section carries no pseudo-header fields and ends the stream.
public class TrailerTests
{
    [Fact]
    public void TrailersWithEndStreamAreAccepted()
    {
        Assert.Null(Sections.Trailers(("grpc-status", "0"), ("grpc-message", "")));
        Assert.Null(Sections.Trailers());
    }

    [Fact]
    public void TrailersWithoutEndStreamAreRejected()
    {
        Assert.Equal("RFC 9113 §8.1: a trailer section without END_STREAM",
            Sections.Check(HttpBlockKind.Trailers, false, false, new[] { ("grpc-status", "0") }));
    }

    [Fact]
    public void TrailersReportNoMessageProperties()
    {
        HttpFieldValidator trailers = Sections.Run(HttpBlockKind.Trailers, true, false, new[] { ("x-checksum", "abc") });
        Assert.Equal(0, trailers.Status);
        Assert.Equal(-1, trailers.ContentLength);
        Assert.False(trailers.IsHead || trailers.IsConnect || trailers.IsExtendedConnect);
    }
}

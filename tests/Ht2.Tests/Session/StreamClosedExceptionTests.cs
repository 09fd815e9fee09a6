namespace Ht2.Tests.Session;

/// <summary>The exception a send fails with when its stream closes first: it names the stream and the RFC 9113 §7 code.</summary>
public sealed class StreamClosedExceptionTests
{
    [Theory]
    [InlineData(1u, Http2ErrorCode.Cancel, "Stream 1 closed before the send finished (CANCEL).")]
    [InlineData(2_147_483_647u, Http2ErrorCode.RefusedStream, "Stream 2147483647 closed before the send finished (REFUSED_STREAM).")]
    public void The_message_names_the_stream_and_the_code(uint streamId, Http2ErrorCode code, string message)
    {
        Ht2StreamClosedException e = new(streamId, code);
        Assert.Equal(message, e.Message);
        Assert.Equal(streamId, e.StreamId);
        Assert.Equal(code, e.ErrorCode);
    }
}

using System;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// The application's own RST_STREAM (RFC 9113 §6.4) fails the stream's waiting send before <see cref="Ht2Stream.Reset"/>
/// returns, even while the writer is held by a write the peer does not read (the writer cannot deliver it then);
/// the RST_STREAM follows once the peer reads.
/// </summary>
public sealed class ResetWhileWriteHeldTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_reset_fails_the_waiting_send_before_it_returns_while_a_write_is_held()
    {
        (SessionHarness h, Ht2Stream stream, ValueTask send, TaskCompletionSource reads) = await HeldWriter.StartAsync();
        await using (h)
        {
            stream.Reset(Http2ErrorCode.Cancel);
            Assert.True(send.IsCompleted, "the send is failed before Reset returns");
            Ht2StreamClosedException closed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound));
            Assert.Equal(1u, closed.StreamId);
            Assert.Equal(Http2ErrorCode.Cancel, closed.ErrorCode);

            reads.SetResult();
            await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
        }
    }
}

using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>An application fault in a request handler fails its stream alone; the connection serves the next request.</summary>
public sealed class HandlerFaultTests
{
    [Fact]
    public async Task A_handler_that_throws_gets_its_stream_reset_with_INTERNAL_ERROR_and_the_next_request_is_answered()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            if (stream.Id == 1)
            {
                throw new InvalidOperationException("application bug");
            }

            stream.SendHeaderBlock(Wire.Status200Block, endStream: true);
        });

        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.InternalError);

        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        WireFrame response = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(3u, response.StreamId);
        Assert.True(response.Has(Wire.EndStream));
        Assert.False(h.Transport.IsClosed);
    }
}

using System;

namespace Ht2.Tests.Connection;

/// <summary>PING, WINDOW_UPDATE, GOAWAY and the sync HEADERS sends: the RFC 9113 bytes written out by hand, and their argument limits on both sides.</summary>
public sealed class SmallSendTests
{
    private static (Ht2Connection Client, ScriptedStream Stream) Open()
    {
        ScriptedStream stream = new(Array.Empty<byte>());
        return (new Ht2Connection(stream), stream);
    }

    [Fact]
    public void SendPing_AndItsAck_AreTheRfcBytes()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            client.SendPing(0x0102030405060708);
            client.SendPing(0x1112131415161718, ack: true);
        }

        byte[] expected =
        [
            0, 0, 8, 0x6, 0x0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,
            0, 0, 8, 0x6, 0x1, 0, 0, 0, 0, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
        ];
        Assert.Equal(expected, stream.Output.ToArray());
    }

    [Fact]
    public void SendWindowUpdate_Takes1To2Pow31Minus1()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => client.SendWindowUpdate(0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => client.SendWindowUpdate(1, 0x8000_0000));
            client.SendWindowUpdate(0, 1);
            client.SendWindowUpdate(3, 0x7FFF_FFFF);
        }

        byte[] expected =
        [
            0, 0, 4, 0x8, 0x0, 0, 0, 0, 0, 0, 0, 0, 1,
            0, 0, 4, 0x8, 0x0, 0, 0, 0, 3, 0x7F, 0xFF, 0xFF, 0xFF,
        ];
        Assert.Equal(expected, stream.Output.ToArray());
    }

    [Fact]
    public void SendGoAway_RefusesALastStreamAbove2Pow31Minus1()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => client.SendGoAway(0x8000_0000, Http2ErrorCode.NoError));
            client.SendGoAway(0x7FFF_FFFF, Http2ErrorCode.ProtocolError);
        }

        Assert.Equal(new byte[] { 0, 0, 8, 0x7, 0x0, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1 }, stream.Output.ToArray());
    }

    [Fact]
    public void SendHeaders_SplitsAtTheMaxFrameSize_EndHeadersOnTheLastFrameOnly()
    {
        byte[] block = new byte[20_000];
        new Random(6).NextBytes(block);
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            client.SendHeaders(3, new byte[] { 0x82 }, endStream: false);
            client.SendHeaders(1, block, endStream: true);
        }

        // HEADERS (type 1) with END_HEADERS (0x4); then HEADERS of 16,384 with END_STREAM (0x1) only and a
        // CONTINUATION (type 9) of 3,616 with END_HEADERS (RFC 9113 §6.2, §6.10).
        byte[] wire = stream.Output.ToArray();
        Assert.Equal(10 + 9 + 16_384 + 9 + 3616, wire.Length);
        Assert.Equal(new byte[] { 0, 0, 1, 0x1, 0x4, 0, 0, 0, 3, 0x82 }, wire.AsSpan(0, 10).ToArray());
        Assert.Equal(new byte[] { 0x00, 0x40, 0x00, 0x1, 0x1, 0, 0, 0, 1 }, wire.AsSpan(10, 9).ToArray());
        Assert.Equal(block.AsSpan(0, 16_384).ToArray(), wire.AsSpan(19, 16_384).ToArray());
        Assert.Equal(new byte[] { 0x00, 0x0E, 0x20, 0x9, 0x4, 0, 0, 0, 1 }, wire.AsSpan(19 + 16_384, 9).ToArray());
        Assert.Equal(block.AsSpan(16_384).ToArray(), wire.AsSpan(28 + 16_384).ToArray());
    }

    [Fact]
    public void SendData_OfAnEmptyBody_WritesOneEmptyDataFrameWithEndStream_WithoutWaitingForCredit()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            Worker.Run("empty send", () => client.SendData(5, ReadOnlyMemory<byte>.Empty, endStream: true));
            Assert.Equal(65_535, client.ConnectionSendWindow);
        }

        Assert.Equal(new byte[] { 0, 0, 0, 0x0, 0x1, 0, 0, 0, 5 }, stream.Output.ToArray());
    }

    [Fact]
    public void ReceiveBufferSize_DefaultsTo64KiB()
    {
        Assert.Equal(65_536, Ht2ConnectionOptions.Default.ReceiveBufferSize);
        Assert.Equal(65_536, new Ht2ConnectionOptions { AutoAcknowledge = false }.ReceiveBufferSize);
    }

    [Theory]
    [InlineData(4095, false)]
    [InlineData(4096, true)]
    public void ReceiveBufferSize_IsAtLeast4096(int size, bool legal)
    {
        if (legal)
        {
            Assert.Equal(size, new Ht2ConnectionOptions { ReceiveBufferSize = size }.ReceiveBufferSize);
        }
        else
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2ConnectionOptions { ReceiveBufferSize = size });
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;

namespace Ht2.Tests.Writing;

/// <summary>
/// What each writer check tells its caller: the exception type, the parameter it names and the limit in its message,
/// so that a check that only another layer repeats still shows when it is gone; and the batch unchanged afterwards.
/// </summary>
public sealed class WriterArgumentTests
{
    private const uint MaxStreamId = 0x7FFF_FFFF;

    private static void AssertUnchanged(MultiFrameWriter writer) => FlushTargetTests.AssertEmpty(writer);

    [Fact]
    public void StreamIdAbove31Bits_NamesTheLimit_ForDataAndHeaders()
    {
        using MultiFrameWriter writer = new();
        ArgumentOutOfRangeException data = Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddData(MaxStreamId + 1, new byte[1], endStream: true));
        Assert.Equal("streamId", data.ParamName);
        Assert.Contains("exceeds 2^31-1", data.Message, StringComparison.Ordinal);

        ArgumentOutOfRangeException headers = Assert.Throws<ArgumentOutOfRangeException>(
            () => writer.AddHeadersWithContinuations(0x8000_0005, new byte[1], false, 16_384));
        Assert.Equal("streamId", headers.ParamName);
        Assert.Contains("exceeds 2^31-1", headers.Message, StringComparison.Ordinal);
        AssertUnchanged(writer);
    }

    [Fact]
    public void StreamZero_NamesTheRule_ForHeadersAndInPlaceBlocks()
    {
        using MultiFrameWriter writer = new();
        ArgumentOutOfRangeException headers = Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddHeadersWithContinuations(0, new byte[1], false, 16_384));
        Assert.Equal("streamId", headers.ParamName);
        Assert.Contains("stream id above 0", headers.Message, StringComparison.Ordinal);

        writer.ReserveHeaderBlock(4)[0] = 0x82;
        ArgumentOutOfRangeException inPlace = Assert.Throws<ArgumentOutOfRangeException>(() => writer.CommitHeaderBlock(0, 1, endStream: true));
        Assert.Equal("streamId", inPlace.ParamName);
        Assert.Contains("stream id above 0", inPlace.Message, StringComparison.Ordinal);
        AssertUnchanged(writer);
    }

    [Fact]
    public void DependencyAbove31Bits_IsRefusedByTheWriterCheck()
    {
        using MultiFrameWriter writer = new();
        ArgumentOutOfRangeException thrown = Assert.Throws<ArgumentOutOfRangeException>(
            () => writer.AddHeadersWithContinuations(1, new byte[1], false, 16_384, priority: new HeadersPriority(MaxStreamId + 1, 15, false)));
        Assert.Equal("streamId", thrown.ParamName);
        Assert.Contains("exceeds 2^31-1", thrown.Message, StringComparison.Ordinal);
        AssertUnchanged(writer);
    }

    [Fact]
    public void ReserveHeaderBlock_OfNegativeLength_NamesIt()
    {
        using MultiFrameWriter writer = new();
        ArgumentOutOfRangeException thrown = Assert.Throws<ArgumentOutOfRangeException>(() => writer.ReserveHeaderBlock(-100));
        Assert.Equal("maxBlockLength", thrown.ParamName);
        AssertUnchanged(writer);
    }

    [Fact]
    public void MaxFrameSize_OutOfRange_NamesTheRfcRange()
    {
        using MultiFrameWriter writer = new();
        ArgumentOutOfRangeException thrown = Assert.Throws<ArgumentOutOfRangeException>(() => writer.MaxFrameSize = 16_383);
        Assert.Equal("MaxFrameSize", thrown.ParamName);
        Assert.Contains("between 16384 and 16777215", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullPool_And_NegativeCopyThreshold_AreRefused()
    {
        Assert.Equal("pool", Assert.Throws<ArgumentNullException>(() => new MultiFrameWriter(null!)).ParamName);

        using MultiFrameWriter writer = new();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.CopyThreshold = -1);
        Assert.Equal(IovecBuilder.DefaultCopyThreshold, writer.CopyThreshold);
        writer.CopyThreshold = 0;
        Assert.Equal(0, writer.CopyThreshold);
    }

    [Fact]
    public void SettingsAckWithAPayload_IsRefused_AndNamesThePayload()
    {
        using MultiFrameWriter writer = new();
        byte[] entry = [0x00, 0x03, 0x00, 0x00, 0x00, 0x64];
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => writer.Add(new SettingsFrame { Flags = FrameFlags.Ack }, entry));
        Assert.Equal("payload", thrown.ParamName);
        Assert.Contains("ACK must have an empty payload", thrown.Message, StringComparison.Ordinal);
        AssertUnchanged(writer);
    }

    [Fact]
    public void SettingsWithoutEntries_AckAndEmpty_AreBareHeaders_AndAStreamIdIsStillRefused()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new SettingsFrame { Flags = FrameFlags.Ack });
        writer.Add(new SettingsFrame());
        Assert.Equal("streamId", Assert.Throws<ArgumentOutOfRangeException>(() => writer.Add(new SettingsFrame { Flags = FrameFlags.Ack, StreamId = 1 })).ParamName);
        MemoryStream output = new();
        writer.FlushTo(output);

        // RFC 9113 §6.5: length 0, type 0x4, ACK (0x1) then no flags, stream 0.
        Assert.Equal(new byte[] { 0, 0, 0, 0x04, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x04, 0x00, 0, 0, 0, 0 }, output.ToArray());
    }

    [Fact]
    public void SettingsPayloadNotAMultipleOf6_NamesTheRule()
    {
        using MultiFrameWriter writer = new();
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => writer.Add(new SettingsFrame(), new byte[7]));
        Assert.Equal("payload", thrown.ParamName);
        Assert.Contains("multiple of 6", thrown.Message, StringComparison.Ordinal);
        AssertUnchanged(writer);
    }

    [Fact]
    public void SettingsValueOutOfRange_NamesThePayloadOrTheEntries()
    {
        using MultiFrameWriter writer = new();

        // ENABLE_PUSH 2 (RFC 9113 §6.5.2).
        ArgumentException generic = Assert.Throws<ArgumentException>(() => writer.Add(new SettingsFrame(), new byte[] { 0x00, 0x02, 0x00, 0x00, 0x00, 0x02 }));
        Assert.Equal("payload", generic.ParamName);
        ArgumentException entries = Assert.Throws<ArgumentException>(() => writer.AddSettings([new SettingsEntry(SettingsParameter.EnablePush, 2)]));
        Assert.Equal("entries", entries.ParamName);
        AssertUnchanged(writer);
    }

    [Fact]
    public void AddSettings_LongerThanTheMaxFrameSize_IsRefused_UnlessThePeerAllowsIt()
    {
        // 2731 entries are 16 386 bytes, over the initial 16 384; 2730 entries are 16 380 bytes.
        SettingsEntry[] tooMany = new SettingsEntry[2731];
        Array.Fill(tooMany, new SettingsEntry(SettingsParameter.MaxConcurrentStreams, 100));

        using MultiFrameWriter writer = new();
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => writer.AddSettings(tooMany));
        Assert.Equal("entries", thrown.ParamName);
        AssertUnchanged(writer);

        writer.AddSettings(tooMany.AsSpan(0, 2730));
        Assert.Equal(9 + 16_380, writer.TotalLength);
        writer.Reset();

        writer.MaxFrameSize = 16_386;
        writer.AddSettings(tooMany);
        MemoryStream output = new();
        writer.FlushTo(output);
        byte[] bytes = output.ToArray();
        Assert.Equal(9 + 16_386, bytes.Length);

        // Length 16 386 (0x004002), SETTINGS, no flags, stream 0, then MAX_CONCURRENT_STREAMS 100.
        Assert.Equal(new byte[] { 0x00, 0x40, 0x02, 0x04, 0x00, 0, 0, 0, 0, 0x00, 0x03, 0, 0, 0, 100 }, bytes.AsSpan(0, 15).ToArray());
    }

    [Fact]
    public void AddFrames_WithAPayloadCountThatDiffers_IsRefused()
    {
        using MultiFrameWriter writer = new();
        GoAwayFrame[] frames = [new() { LastStreamId = 1 }, new() { LastStreamId = 3 }];
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => writer.AddFrames<GoAwayFrame>(frames, new ReadOnlyMemory<byte>[] { new byte[1] }));
        Assert.Equal("payloads", thrown.ParamName);
        Assert.Contains("one payload per frame", thrown.Message, StringComparison.Ordinal);
        AssertUnchanged(writer);
    }

    [Fact]
    public void AFrameOverThePeersMaxFrameSize_NamesTheFrame_ItsTypeItsLengthAndTheLimit()
    {
        using MultiFrameWriter writer = new();
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => writer.Add(new GoAwayFrame { LastStreamId = 1 }, new byte[16_377]));
        Assert.Equal("frame", thrown.ParamName);

        // GOAWAY's 8 fixed bytes and 16 377 bytes of debug data: 16 385 bytes of payload (RFC 9113 §4.2).
        Assert.StartsWith("The GOAWAY frame payload of 16385 bytes exceeds the peer's SETTINGS_MAX_FRAME_SIZE of 16384.", thrown.Message, StringComparison.Ordinal);
        AssertUnchanged(writer);
    }

    [Fact]
    public void AddFrames_AddsEveryFrameInOrder_WithOrWithoutPayloads()
    {
        using MultiFrameWriter writer = new();
        writer.AddFrames<RstStreamFrame>([new() { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel }, new() { StreamId = 3, ErrorCode = Http2ErrorCode.NoError }]);
        writer.AddFrames<GoAwayFrame>([new() { LastStreamId = 3 }], new ReadOnlyMemory<byte>[] { new byte[] { 0x68, 0x69 } });

        List<byte> expected = new();
        Wire.RstStream(expected, 1, 0x8);
        Wire.RstStream(expected, 3, 0x0);
        Wire.GoAway(expected, 3, 0, [0x68, 0x69]);
        Assert.Equal(3, writer.FrameCount);
        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(expected.ToArray(), output.ToArray());
    }

    [Fact]
    public void EmptyAddBytes_IsAFrameOfNoBytes_SoTheBatchIsNotEmpty()
    {
        using MultiFrameWriter writer = new();
        writer.AddBytes(ReadOnlySpan<byte>.Empty);
        Assert.Equal(1, writer.FrameCount);
        Assert.Equal(0, writer.TotalLength);
        Assert.False(writer.IsEmpty);
    }

    [Fact]
    public void DisposedWriter_RefusesReferencedDataAndBlocks_AndMayBeDisposedAgain()
    {
        MultiFrameWriter writer = new() { CopyThreshold = 0 };
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.AddData(1, new byte[100], endStream: false));
        Assert.Throws<ObjectDisposedException>(() => writer.AddHeadersWithContinuations(1, new byte[100], false, 16_384));
        Assert.Throws<ObjectDisposedException>(() => writer.ReserveHeaderBlock(10));
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Add(new PingFrame()));
    }
}

using System;
using System.Collections.Generic;
using System.IO;

namespace Ht2.Tests.Writing;

/// <summary>Every limit is checked before anything is staged; a failed Add leaves the batch exactly as it was.</summary>
public sealed class LimitTests
{
    /// <summary>Stages two good frames, then runs <paramref name="bad"/>, then checks the flush holds only the good ones.</summary>
    private static void AssertRejectedAndBatchIntact(Action<MultiFrameWriter> bad, string messagePart)
    {
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 0x0102030405060708 });
        writer.Add(new DataFrame { StreamId = 1, Flags = FrameFlags.EndStream }, new byte[3000]);
        long length = writer.TotalLength;

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => bad(writer));
        Assert.Contains(messagePart, error.Message);
        Assert.Equal(2, writer.FrameCount);
        Assert.Equal(length, writer.TotalLength);

        List<byte> expected = new();
        Wire.Ping(expected, 0x0102030405060708);
        Wire.Data(expected, 1, new byte[3000], endStream: true);
        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(expected.ToArray(), output.ToArray());
    }

    [Fact]
    public void FrameLongerThanPeerMaxFrameSize_IsRejected() =>
        AssertRejectedAndBatchIntact(w => w.Add(new DataFrame { StreamId = 1 }, new byte[16_385]), "SETTINGS_MAX_FRAME_SIZE");

    [Fact]
    public void PaddingCountsTowardsTheFrameSize() =>
        AssertRejectedAndBatchIntact(w => w.Add(new DataFrame { StreamId = 1, Flags = FrameFlags.Padded, PadLength = 10 }, new byte[16_374]), "SETTINGS_MAX_FRAME_SIZE");

    [Fact]
    public void StreamIdAbove31Bits_IsRejected() =>
        AssertRejectedAndBatchIntact(w => w.Add(new RstStreamFrame { StreamId = 0x8000_0000 }), "2^31-1");

    [Fact]
    public void PaddingAbove255_IsRejected() =>
        AssertRejectedAndBatchIntact(w => w.AddHeadersWithContinuations(1, new byte[10], false, 16_384, padLength: 256), "255");

    [Fact]
    public void NegativePadding_IsRejected() =>
        AssertRejectedAndBatchIntact(w => w.AddHeadersWithContinuations(1, new byte[10], false, 16_384, padLength: -1), "255");

    [Fact]
    public void SplitSizeAbovePeerMax_IsRejected() =>
        AssertRejectedAndBatchIntact(w => w.AddHeadersWithContinuations(1, new byte[40_000], false, 16_385), "SETTINGS_MAX_FRAME_SIZE");

    [Fact]
    public void SettingsValueOutOfRange_IsRejected_ThroughAddSettings() =>
        AssertRejectedAndBatchIntact(w => w.AddSettings(new[] { new SettingsEntry(SettingsParameter.EnablePush, 1), new SettingsEntry(SettingsParameter.MaxFrameSize, 100) }), "MaxFrameSize");

    [Fact]
    public void AddSettings_RefusedInsideTheOpenRun_LeavesNoBytes_AndTheNextFramesTakeItsPlace()
    {
        // The refused frame's header and first entry were written into the open run's staging before its second
        // entry was checked: the next frames overwrite them, byte for byte.
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 0x0102030405060708 });
        Assert.Throws<ArgumentException>(() => writer.AddSettings([new SettingsEntry(SettingsParameter.HeaderTableSize, 0x0A0B0C0D), new SettingsEntry(SettingsParameter.EnablePush, 2)]));
        writer.AddSettings([new SettingsEntry(SettingsParameter.MaxConcurrentStreams, 100)]);
        writer.Add(new RstStreamFrame { StreamId = 3, ErrorCode = Http2ErrorCode.Cancel });

        byte[] expected =
        [
            0, 0, 8, 0x6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, // PING
            0, 0, 6, 0x4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100, // SETTINGS, MAX_CONCURRENT_STREAMS (0x3) = 100
            0, 0, 4, 0x3, 0, 0, 0, 0, 3, 0, 0, 0, 0x8, // RST_STREAM stream 3, CANCEL (0x8)
        ];
        Assert.Equal(3, writer.FrameCount);
        Assert.Equal(expected.Length, writer.TotalLength);
        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(expected, output.ToArray());
    }

    [Fact]
    public void SettingsValueOutOfRange_IsRejected_ThroughGenericAdd() =>
        AssertRejectedAndBatchIntact(w => w.Add(new SettingsFrame(), new byte[] { 0, 4, 0x80, 0, 0, 0 }), "InitialWindowSize");

    [Fact]
    public void SettingsPayloadNotMultipleOfSix_IsRejected() =>
        AssertRejectedAndBatchIntact(w => w.Add(new SettingsFrame(), new byte[5]), "multiple of 6");

    [Fact]
    public void DataOnStreamZero_IsRejected() =>
        AssertRejectedAndBatchIntact(w => w.AddData(0, new byte[10], true), "above 0");

    [Fact]
    public void AddFrames_WithOneBadFrame_AddsNone()
    {
        RstStreamFrame[] frames =
        {
            new() { StreamId = 3 },
            new() { StreamId = 5 },
            new() { StreamId = 0x8000_0001 },
        };
        AssertRejectedAndBatchIntact(w => w.AddFrames<RstStreamFrame>(frames), "2^31-1");
    }

    [Fact]
    public void AddFrames_WithOneOversizedPayload_AddsNone()
    {
        DataFrame[] frames = { new() { StreamId = 3 }, new() { StreamId = 3 } };
        ReadOnlyMemory<byte>[] payloads = { new byte[5000], new byte[20_000] };
        AssertRejectedAndBatchIntact(w => w.AddFrames<DataFrame>(frames, payloads), "SETTINGS_MAX_FRAME_SIZE");
    }

    [Fact]
    public void LargerPeerMaxFrameSize_AllowsLargerFrames()
    {
        using MultiFrameWriter writer = new() { MaxFrameSize = 32_768 };
        writer.Add(new DataFrame { StreamId = 1 }, new byte[32_768]);
        Assert.Equal(9 + 32_768, writer.TotalLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.MaxFrameSize = 16_383);
    }
}

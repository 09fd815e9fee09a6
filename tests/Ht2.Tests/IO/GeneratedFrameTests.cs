using System;
using System.IO;

namespace Ht2.Tests.IO;

/// <summary>The builder with the generated frame structs: what it writes parses back to the same frames and bytes.</summary>
public sealed class GeneratedFrameTests
{
    [Fact]
    public void GeneratedFrames_RoundTripThroughTheBuilder()
    {
        byte[] big = MixedBatch.Source(5000, 21);
        byte[] small = MixedBatch.Source(30, 22);
        byte[] block = MixedBatch.Source(3000, 23);

        DataFrame paddedBig = new() { StreamId = 1, Flags = FrameFlags.Padded, PadLength = 255 };
        DataFrame paddedSmall = new() { StreamId = 3, Flags = FrameFlags.Padded | FrameFlags.EndStream, PadLength = 7 };
        HeadersFrame headers = new() { StreamId = 5, Flags = FrameFlags.EndHeaders | FrameFlags.Priority, StreamDependency = 1, Weight = 16 };
        PingFrame ping = new() { OpaqueData = 0x0102030405060708 };
        WindowUpdateFrame update = new() { StreamId = 0, WindowSizeIncrement = 65535 };

        MemoryStream target = new();
        IovecBuilder builder = new(stackalloc Iovec[16], stackalloc byte[256]);
        try
        {
            builder.AddFrame(in paddedBig, big);     // prefix staged, payload referenced, padding from the zero buffer
            builder.AddFrame(in paddedSmall, small); // everything staged
            builder.AddFrame(in headers, block);
            builder.AddFrame(in ping);
            builder.AddFrame(in update);
            builder.WriteTo(target);
        }
        finally
        {
            builder.Dispose();
        }

        ReadOnlySpan<byte> wire = target.ToArray();

        DataFrame first = DataFrame.Parse(Header(wire), Payload(ref wire), out ReadOnlySpan<byte> v1);
        Assert.Equal(255, first.PadLength);
        Assert.True(v1.SequenceEqual(big));

        DataFrame second = DataFrame.Parse(Header(wire), Payload(ref wire), out ReadOnlySpan<byte> v2);
        Assert.Equal(FrameFlags.Padded | FrameFlags.EndStream, second.Flags);
        Assert.True(v2.SequenceEqual(small));

        HeadersFrame third = HeadersFrame.Parse(Header(wire), Payload(ref wire), out ReadOnlySpan<byte> v3);
        Assert.Equal(16, third.Weight);
        Assert.True(v3.SequenceEqual(block));

        Assert.Equal(ping.OpaqueData, PingFrame.Parse(Header(wire), Payload(ref wire), out _).OpaqueData);
        Assert.Equal(65535u, WindowUpdateFrame.Parse(Header(wire), Payload(ref wire), out _).WindowSizeIncrement);
        Assert.True(wire.IsEmpty);
    }

    private static FrameHeader Header(ReadOnlySpan<byte> wire) => FrameHeader.Read(wire);

    /// <summary>Returns the next frame's payload and consumes the frame.</summary>
    private static ReadOnlySpan<byte> Payload(ref ReadOnlySpan<byte> wire)
    {
        int length = FrameHeader.Read(wire).Length;
        ReadOnlySpan<byte> payload = wire.Slice(FrameHeader.Size, length);
        wire = wire.Slice(FrameHeader.Size + length);
        return payload;
    }
}

using System;

namespace Ht2.Tests.Frames;

public class FrameAllocationTests
{
    private const int Iterations = 1000;

    [Fact]
    public void Writing_and_parsing_every_frame_type_allocates_nothing()
    {
        ReadOnlySpan<byte> fragment = stackalloc byte[] { 0x82, 0x86, 0x84 };
        Span<byte> settings = stackalloc byte[12];
        SettingsFrame.WriteEntries(settings, stackalloc SettingsEntry[] { new(SettingsParameter.MaxFrameSize, 16384), new(SettingsParameter.EnablePush, 0) });

        RoundTripAll(fragment, settings); // warm-up: JIT and static initialisation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            RoundTripAll(fragment, settings);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RoundTripAll(ReadOnlySpan<byte> fragment, ReadOnlySpan<byte> settings)
    {
        RoundTrip(new DataFrame { StreamId = 1, Flags = FrameFlags.Padded | FrameFlags.EndStream, PadLength = 4 }, fragment);
        RoundTrip(new HeadersFrame { StreamId = 3, Flags = FrameFlags.Padded | FrameFlags.Priority | FrameFlags.EndHeaders, PadLength = 2, Exclusive = true, StreamDependency = 1, Weight = 7 }, fragment);
        RoundTrip(new PriorityFrame { StreamId = 5, StreamDependency = 3, Weight = 9 }, default);
        RoundTrip(new RstStreamFrame { StreamId = 5, ErrorCode = Http2ErrorCode.Cancel }, default);
        RoundTrip(new SettingsFrame(), settings);
        RoundTrip(new PushPromiseFrame { StreamId = 1, Flags = FrameFlags.EndHeaders, PromisedStreamId = 2 }, fragment);
        RoundTrip(new PingFrame { OpaqueData = 42 }, default);
        RoundTrip(new GoAwayFrame { LastStreamId = 7, ErrorCode = Http2ErrorCode.NoError }, fragment);
        RoundTrip(new WindowUpdateFrame { StreamId = 1, WindowSizeIncrement = 65535 }, default);
        RoundTrip(new ContinuationFrame { StreamId = 3, Flags = FrameFlags.EndHeaders }, fragment);
    }

    private static void RoundTrip<TFrame>(in TFrame frame, ReadOnlySpan<byte> variablePart)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        Span<byte> wire = stackalloc byte[64];
        int prefix = frame.WritePrefix(wire, variablePart.Length);
        variablePart.CopyTo(wire.Slice(prefix));
        int total = prefix + variablePart.Length + frame.PaddingLength;
        wire.Slice(prefix + variablePart.Length, frame.PaddingLength).Clear();

        FrameHeader header = FrameHeader.Read(wire);
        if (!TFrame.TryParse(in header, wire.Slice(FrameHeader.Size, total - FrameHeader.Size), out TFrame parsed, out ReadOnlySpan<byte> variable, out _)
            || parsed.StreamId != frame.StreamId || !variable.SequenceEqual(variablePart))
        {
            throw new InvalidOperationException("round trip failed");
        }
    }
}

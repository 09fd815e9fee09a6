using System;
using System.Diagnostics;
using Ht2;
using Ht2.Demo;

// Writes a mixed batch of frames (the RFC 9113 ones plus this sample's PRIORITY_UPDATE extension frame) into one
// buffer with the generated writers, parses every frame back with the generated parsers and verifies it.
// Exits non-zero when any frame fails verification.
const int Batches = 10_000;
byte[] priority = "u=1, i"u8.ToArray();
byte[] body = new byte[1024];
var buffer = new byte[64 * 1024];

int frames = 0;
long bytes = 0;
WriteAndVerify(buffer, priority, body, out int perBatchFrames, out int perBatchBytes); // warm-up
long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
long started = Stopwatch.GetTimestamp();
for (int i = 0; i < Batches; i++)
{
    if (!WriteAndVerify(buffer, priority, body, out perBatchFrames, out perBatchBytes))
    {
        Console.Error.WriteLine($"batch {i}: a frame failed verification");
        return 1;
    }

    frames += perBatchFrames;
    bytes += perBatchBytes;
}

long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
Console.WriteLine($"{"batches",-10} {"frames",10} {"bytes",12} {"time (ms)",10} {"allocated",10}");
Console.WriteLine($"{Batches,-10} {frames,10} {bytes,12} {elapsed.TotalMilliseconds,10:F1} {allocated,10}");
Console.WriteLine("every frame verified");
return 0;

static bool WriteAndVerify(Span<byte> buffer, ReadOnlySpan<byte> priority, ReadOnlySpan<byte> body, out int frames, out int length)
{
    int offset = 0;
    offset += Write(buffer.Slice(offset), new PriorityUpdateFrame { PrioritizedStreamId = 1 }, priority);
    offset += Write(buffer.Slice(offset), new HeadersFrame { StreamId = 1, Flags = FrameFlags.EndHeaders }, "\x82\x86\x84"u8);
    offset += Write(buffer.Slice(offset), new DataFrame { StreamId = 1, Flags = FrameFlags.Padded | FrameFlags.EndStream, PadLength = 7 }, body);
    offset += Write(buffer.Slice(offset), new PingFrame { OpaqueData = 0x0102030405060708 }, default);
    offset += Write(buffer.Slice(offset), new WindowUpdateFrame { WindowSizeIncrement = 65535 }, default);
    offset += Write(buffer.Slice(offset), new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel }, default);
    length = offset;
    frames = 6;

    ReadOnlySpan<byte> wire = buffer.Slice(0, offset);
    return Verify(ref wire, new PriorityUpdateFrame { PrioritizedStreamId = 1 }, priority)
        && Verify(ref wire, new HeadersFrame { StreamId = 1, Flags = FrameFlags.EndHeaders }, "\x82\x86\x84"u8)
        && Verify(ref wire, new DataFrame { StreamId = 1, Flags = FrameFlags.Padded | FrameFlags.EndStream, PadLength = 7 }, body)
        && Verify(ref wire, new PingFrame { OpaqueData = 0x0102030405060708 }, default)
        && Verify(ref wire, new WindowUpdateFrame { WindowSizeIncrement = 65535 }, default)
        && Verify(ref wire, new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel }, default)
        && wire.IsEmpty;
}

static int Write<TFrame>(Span<byte> destination, TFrame frame, ReadOnlySpan<byte> variablePart)
    where TFrame : struct, IHt2Frame<TFrame>
{
    int prefix = frame.WritePrefix(destination, variablePart.Length);
    variablePart.CopyTo(destination.Slice(prefix));
    destination.Slice(prefix + variablePart.Length, frame.PaddingLength).Clear();
    return prefix + variablePart.Length + frame.PaddingLength;
}

static bool Verify<TFrame>(ref ReadOnlySpan<byte> wire, TFrame expected, ReadOnlySpan<byte> expectedVariable)
    where TFrame : struct, IHt2Frame<TFrame>
{
    FrameHeader header = FrameHeader.Read(wire);
    ReadOnlySpan<byte> payload = wire.Slice(FrameHeader.Size, header.Length);
    ReadOnlySpan<byte> frameBytes = wire.Slice(0, FrameHeader.Size + header.Length);
    wire = wire.Slice(frameBytes.Length);
    if (!TFrame.TryParse(in header, payload, out TFrame parsed, out ReadOnlySpan<byte> variable, out _)
        || parsed.StreamId != expected.StreamId || parsed.Flags != expected.Flags || !variable.SequenceEqual(expectedVariable))
    {
        return false;
    }

    // The parsed fixed fields must write back to exactly the prefix that arrived.
    Span<byte> rewritten = stackalloc byte[TFrame.MaxPrefixLength];
    int prefix = parsed.WritePrefix(rewritten, variable.Length);
    return rewritten.Slice(0, prefix).SequenceEqual(frameBytes.Slice(0, prefix));
}

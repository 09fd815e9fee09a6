using System;

namespace Ht2.Benchmarks;

/// <summary>
/// One batch of frames and the pre-allocated, pinned memory every sending strategy needs, so the measured
/// operation allocates nothing. Frames carry no variable part (PING, 17 bytes each) or a DATA payload each.
/// </summary>
public sealed unsafe class FrameBatch
{
    private FrameBatch(int frames, int payloadBytes)
    {
        FrameCount = frames;
        PayloadBytes = payloadBytes;
        int prefixLength = payloadBytes == 0 ? PingFrame.MaxPrefixLength : new DataFrame { StreamId = 1 }.PrefixLength;
        BatchLength = frames * (prefixLength + payloadBytes);
        Pings = new PingFrame[payloadBytes == 0 ? frames : 0];
        for (int i = 0; i < Pings.Length; i++)
        {
            Pings[i] = new PingFrame { OpaqueData = (ulong)i };
        }

        Payloads = new ReadOnlyMemory<byte>[payloadBytes == 0 ? 0 : frames];
        for (int i = 0; i < Payloads.Length; i++)
        {
            byte[] payload = GC.AllocateArray<byte>(payloadBytes, pinned: true);
            payload.AsSpan().Fill((byte)i);
            Payloads[i] = payload;
        }

        // Room for the whole batch copied (also the builder's staging scratch) and for every prefix side by side.
        Staging = GC.AllocateArray<byte>(BatchLength, pinned: true);
        Prefixes = GC.AllocateArray<byte>(frames * PingFrame.MaxPrefixLength, pinned: true);
        Iovecs = GC.AllocateArray<Iovec>(2 * frames, pinned: true);
    }

    /// <summary>The C grid row this batch matches: "FRAMES PAYLOAD_BYTES" (payload 0 = PING frames).</summary>
    public static FrameBatch Parse(string row)
    {
        string[] parts = row.Split(' ');
        return new FrameBatch(int.Parse(parts[0]), int.Parse(parts[1]));
    }

    /// <summary>A batch of <paramref name="frames"/> DATA frames with payloads of <paramref name="payloadBytes"/> bytes.</summary>
    public static FrameBatch Data(int frames, int payloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(payloadBytes);
        return new FrameBatch(frames, payloadBytes);
    }

    public int FrameCount { get; }

    public int PayloadBytes { get; }

    /// <summary>Bytes on the wire per batch.</summary>
    public int BatchLength { get; }

    /// <summary>The PING frames (payload 0 rows), else empty.</summary>
    public PingFrame[] Pings { get; }

    /// <summary>The DATA payloads (pinned arrays), else empty.</summary>
    public ReadOnlyMemory<byte>[] Payloads { get; }

    /// <summary>Pinned: the copy target and the builder's staging scratch.</summary>
    public byte[] Staging { get; }

    /// <summary>Pinned: one prefix slot per frame for the one-send-per-piece and pure-writev strategies.</summary>
    public byte[] Prefixes { get; }

    /// <summary>Pinned: entry scratch (the builder's, or the hand-built pure writev list).</summary>
    public Iovec[] Iovecs { get; }

    /// <summary>The DATA frame sent with every payload (stream 1, no flags).</summary>
    public static DataFrame DataFrame => new() { StreamId = 1 };
}

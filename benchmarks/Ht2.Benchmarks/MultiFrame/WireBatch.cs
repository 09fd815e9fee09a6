using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>The frame types a <see cref="WireBatch"/> mixes.</summary>
public enum WireKind : byte
{
    Ping,
    WindowUpdate,
    Settings,
    RstStream,
    Data,
    Headers,
    Continuation,
    SettingsAck,
}

/// <summary>One frame of a batch: its type, its frame struct, and where its referenced payload lives.</summary>
public struct WireFrame
{
    public WireKind Kind;
    public PingFrame Ping;
    public WindowUpdateFrame WindowUpdate;
    public RstStreamFrame RstStream;
    public SettingsFrame Settings;
    public DataFrame Data;
    public HeadersFrame Headers;
    public ContinuationFrame Continuation;

    /// <summary>DATA / HEADERS / CONTINUATION: the payload slice of <see cref="WireBatch.Body"/>.</summary>
    public int PayloadOffset;
    public int PayloadLength;

    /// <summary>Where this frame's prefix (and, for control frames, its whole frame) sits in <see cref="WireBatch.Prefixes"/>.</summary>
    public int PrefixOffset;
    public int PrefixLength;
}

/// <summary>
/// One batch of frames and every pre-allocated (pinned) buffer the five sending strategies need, so that no
/// measured call allocates. Three shapes:
/// <list type="bullet">
/// <item>"control N": N control frames cycling PING, WINDOW_UPDATE (stream i), SETTINGS (2 entries), RST_STREAM
/// (17, 13, 21, 13 bytes: 16 bytes a frame on average). The SETTINGS entries are encoded on every call by every
/// strategy, right behind the SETTINGS header.</item>
/// <item>"ack N": N SETTINGS frames with ACK (9 bytes each, a bare frame header): the C limit's "N 0" row, byte for byte
/// in size.</item>
/// <item>"data N": N DATA frames on stream 1 with 16 KiB payloads, consecutive slices of one pinned body of N × 16 KiB.</item>
/// <item>"headers 65536": a 64 KiB header block on stream 1 split at 16384: HEADERS + 3 CONTINUATION (the last
/// with END_HEADERS), payloads slices of one pinned block.</item>
/// </list>
/// </summary>
public sealed unsafe class WireBatch
{
    public const int FrameSize = 16 * 1024;

    public static readonly SettingsEntry[] SettingsEntries =
    [
        new(SettingsParameter.MaxConcurrentStreams, 100),
        new(SettingsParameter.InitialWindowSize, 1 << 20),
    ];

    private WireBatch(string row)
    {
        Row = row;
        string[] parts = row.Split(' ');
        Shape = parts[0];
        int count = int.Parse(parts[1]);
        var frames = new List<WireFrame>();
        switch (Shape)
        {
            case "control":
                Body = GC.AllocateArray<byte>(1, pinned: true);
                for (int i = 0; i < count; i++)
                {
                    var f = new WireFrame { Kind = (WireKind)(i % 4) };
                    f.Ping = new PingFrame { OpaqueData = (ulong)i * 0x0101_0101_0101_0101UL };
                    f.WindowUpdate = new WindowUpdateFrame { StreamId = (uint)(2 * i + 1), WindowSizeIncrement = (uint)(1000 + i) };
                    f.Settings = default;
                    f.RstStream = new RstStreamFrame { StreamId = (uint)(2 * i + 1), ErrorCode = Http2ErrorCode.Cancel };
                    frames.Add(f);
                }

                break;
            case "ack":
                Body = GC.AllocateArray<byte>(1, pinned: true);
                for (int i = 0; i < count; i++)
                {
                    frames.Add(new WireFrame { Kind = WireKind.SettingsAck, Settings = new SettingsFrame { Flags = FrameFlags.Ack } });
                }

                break;
            case "data":
                Body = GC.AllocateArray<byte>(count * FrameSize, pinned: true);
                for (int i = 0; i < count; i++)
                {
                    frames.Add(new WireFrame
                    {
                        Kind = WireKind.Data,
                        Data = new DataFrame { StreamId = 1 },
                        PayloadOffset = i * FrameSize,
                        PayloadLength = FrameSize,
                    });
                }

                break;
            case "headers":
                Body = GC.AllocateArray<byte>(count, pinned: true);
                for (int offset = 0; offset < count; offset += FrameSize)
                {
                    int length = Math.Min(FrameSize, count - offset);
                    FrameFlags flags = offset + length == count ? FrameFlags.EndHeaders : FrameFlags.None;
                    frames.Add(new WireFrame
                    {
                        Kind = offset == 0 ? WireKind.Headers : WireKind.Continuation,
                        Headers = new HeadersFrame { StreamId = 1, Flags = flags },
                        Continuation = new ContinuationFrame { StreamId = 1, Flags = flags },
                        PayloadOffset = offset,
                        PayloadLength = length,
                    });
                }

                break;
            default:
                throw new ArgumentException($"Unknown row '{row}'.", nameof(row));
        }

        new Random(5).NextBytes(Body);
        Frames = frames.ToArray();
        int prefixes = 0;
        int total = 0;
        for (int i = 0; i < Frames.Length; i++)
        {
            ref WireFrame f = ref Frames[i];
            f.PrefixOffset = prefixes;
            f.PrefixLength = WholeLength(in f) - f.PayloadLength;
            prefixes += f.PrefixLength;
            total += WholeLength(in f);
        }

        BatchLength = total;
        Typed = Shape is "control" or "ack" ? new TypedControlBatch(Frames) : null;
        Prefixes = GC.AllocateArray<byte>(prefixes, pinned: true);
        Staging = GC.AllocateArray<byte>(total, pinned: true);
        FrameScratch = GC.AllocateArray<byte>(FrameSize + 64, pinned: true);

        // The pre-built scatter/gather lists: one entry per frame piece (prefix, then referenced payload).
        var segments = new List<ArraySegment<byte>>();
        var iovecs = new List<Iovec>();
        byte* prefixBase = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Prefixes));
        byte* bodyBase = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Body));
        foreach (WireFrame f in Frames)
        {
            segments.Add(new ArraySegment<byte>(Prefixes, f.PrefixOffset, f.PrefixLength));
            iovecs.Add(new Iovec(prefixBase + f.PrefixOffset, (nuint)f.PrefixLength));
            if (f.PayloadLength > 0)
            {
                segments.Add(new ArraySegment<byte>(Body, f.PayloadOffset, f.PayloadLength));
                iovecs.Add(new Iovec(bodyBase + f.PayloadOffset, (nuint)f.PayloadLength));
            }
        }

        Segments = segments;
        Iovecs = iovecs.ToArray();
    }

    public static WireBatch Parse(string row) => new(row);

    public string Row { get; }

    /// <summary>"control", "ack", "data" or "headers".</summary>
    public string Shape { get; }

    public WireFrame[] Frames { get; }

    /// <summary>"control" and "ack" rows: the same frames held by type, for the typed loops of CopySend and MultiFrameWriter; null otherwise.</summary>
    public TypedControlBatch? Typed { get; }

    /// <summary>Pinned: the DATA body or the header block (referenced payloads).</summary>
    public byte[] Body { get; }

    /// <summary>Bytes on the wire per batch.</summary>
    public int BatchLength { get; }

    /// <summary>Pinned: every frame's prefix (control frames: the whole frame) side by side, one slot per frame.</summary>
    public byte[] Prefixes { get; }

    /// <summary>Pinned: the copy-everything target.</summary>
    public byte[] Staging { get; }

    /// <summary>Pinned: one frame assembled for the one-Send-per-frame strategy.</summary>
    public byte[] FrameScratch { get; }

    /// <summary>The reused list for Socket.Send(IList&lt;ArraySegment&lt;byte&gt;&gt;): slots of <see cref="Prefixes"/> and slices of <see cref="Body"/>.</summary>
    public List<ArraySegment<byte>> Segments { get; }

    /// <summary>The same entries as <see cref="Segments"/>, for the pure writev strategy.</summary>
    public Iovec[] Iovecs { get; }

    public ReadOnlySpan<byte> Payload(in WireFrame f) => new(Body, f.PayloadOffset, f.PayloadLength);

    public ReadOnlyMemory<byte> PayloadMemory(in WireFrame f) => new(Body, f.PayloadOffset, f.PayloadLength);

    /// <summary>
    /// Writes the frame's prefix with the generated serializer; for SETTINGS also its two entries
    /// (<see cref="SettingsFrame.WriteEntries"/>). Returns the bytes written. DATA/HEADERS/CONTINUATION payloads are not written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WritePrefix(in WireFrame f, Span<byte> destination)
    {
        switch (f.Kind)
        {
            case WireKind.Ping:
                return f.Ping.WritePrefix(destination, 0);
            case WireKind.WindowUpdate:
                return f.WindowUpdate.WritePrefix(destination, 0);
            case WireKind.Settings:
                int n = f.Settings.WritePrefix(destination, 2 * SettingsEntry.Size);
                return n + SettingsFrame.WriteEntries(destination.Slice(n), SettingsEntries);
            case WireKind.RstStream:
                return f.RstStream.WritePrefix(destination, 0);
            case WireKind.SettingsAck:
                return f.Settings.WritePrefix(destination, 0);
            case WireKind.Data:
                return f.Data.WritePrefix(destination, f.PayloadLength);
            case WireKind.Headers:
                return f.Headers.WritePrefix(destination, f.PayloadLength);
            default:
                return f.Continuation.WritePrefix(destination, f.PayloadLength);
        }
    }

    private static int WholeLength(in WireFrame f)
    {
        Span<byte> scratch = stackalloc byte[64];
        return WritePrefix(in f, scratch) + f.PayloadLength;
    }
}

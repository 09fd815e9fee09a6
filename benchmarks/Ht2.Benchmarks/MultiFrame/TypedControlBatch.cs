using System;
using System.Linq;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>
/// The frames of a "control" or "ack" <see cref="WireBatch"/> held by type, in the order they go on the wire, so that
/// a strategy adds or encodes each frame through its own typed call without a per-frame type switch: the way an
/// application that sends a PING knows it is a PING, and the way the C limit program walks pre-built headers with no
/// dispatch. The bytes on the wire are those of <see cref="WireBatch.Frames"/> (the strategies' wire checks compare them).
/// </summary>
/// <remarks>
/// "control N": frame i is <c>Pings[i / 4]</c>, <c>WindowUpdates[i / 4]</c>, a SETTINGS frame with
/// <see cref="WireBatch.SettingsEntries"/> or <c>RstStreams[i / 4]</c> for i mod 4 = 0, 1, 2, 3 (the order of
/// <see cref="WireKind"/>), so the loop runs over groups of four and then the 0–3 frames left. "ack N": N SETTINGS ACK frames.
/// </remarks>
public sealed class TypedControlBatch
{
    public TypedControlBatch(WireFrame[] frames)
    {
        Count = frames.Length;
        Pings = frames.Where(f => f.Kind == WireKind.Ping).Select(f => f.Ping).ToArray();
        WindowUpdates = frames.Where(f => f.Kind == WireKind.WindowUpdate).Select(f => f.WindowUpdate).ToArray();
        RstStreams = frames.Where(f => f.Kind == WireKind.RstStream).Select(f => f.RstStream).ToArray();
        Acks = frames.Where(f => f.Kind == WireKind.SettingsAck).Select(f => f.Settings).ToArray();
        for (int i = 0; i < frames.Length; i++)
        {
            WireKind expected = Acks.Length != 0 ? WireKind.SettingsAck : (WireKind)(i % 4);
            if (frames[i].Kind != expected)
            {
                throw new ArgumentException($"Frame {i} is {frames[i].Kind}, not {expected}: not a control or ack batch.", nameof(frames));
            }
        }
    }

    /// <summary>Frames in the batch.</summary>
    public int Count { get; }

    /// <summary>Whole groups of PING, WINDOW_UPDATE, SETTINGS, RST_STREAM ("control" rows).</summary>
    public int Groups => Count / 4;

    /// <summary>Frames after the last whole group: 0–3, in the group's order ("control" rows).</summary>
    public int Tail => Count % 4;

    public PingFrame[] Pings { get; }

    public WindowUpdateFrame[] WindowUpdates { get; }

    public RstStreamFrame[] RstStreams { get; }

    /// <summary>"ack" rows: the SETTINGS ACK frames; empty on "control" rows.</summary>
    public SettingsFrame[] Acks { get; }

    /// <summary>Encodes the batch into <paramref name="buffer"/> with the generated writers; returns the bytes written.</summary>
    public int Encode(Span<byte> buffer)
    {
        int offset = 0;
        if (Acks.Length != 0)
        {
            SettingsFrame[] acks = Acks;
            for (int i = 0; i < acks.Length; i++)
            {
                offset += acks[i].WritePrefix(buffer.Slice(offset), 0);
            }

            return offset;
        }

        PingFrame[] pings = Pings;
        WindowUpdateFrame[] updates = WindowUpdates;
        RstStreamFrame[] resets = RstStreams;
        int groups = Groups;
        for (int g = 0; g < groups; g++)
        {
            offset += pings[g].WritePrefix(buffer.Slice(offset), 0);
            offset += updates[g].WritePrefix(buffer.Slice(offset), 0);
            offset += EncodeSettings(buffer.Slice(offset));
            offset += resets[g].WritePrefix(buffer.Slice(offset), 0);
        }

        int tail = Tail;
        if (tail > 0)
        {
            offset += pings[groups].WritePrefix(buffer.Slice(offset), 0);
        }

        if (tail > 1)
        {
            offset += updates[groups].WritePrefix(buffer.Slice(offset), 0);
        }

        if (tail > 2)
        {
            offset += EncodeSettings(buffer.Slice(offset));
        }

        return offset;
    }

    /// <summary>Adds the batch to <paramref name="writer"/>, one typed Add (AddSettings for SETTINGS) per frame.</summary>
    public void AddTo(Ht2.MultiFrameWriter writer)
    {
        if (Acks.Length != 0)
        {
            SettingsFrame[] acks = Acks;
            for (int i = 0; i < acks.Length; i++)
            {
                writer.Add(in acks[i]);
            }

            return;
        }

        PingFrame[] pings = Pings;
        WindowUpdateFrame[] updates = WindowUpdates;
        RstStreamFrame[] resets = RstStreams;
        int groups = Groups;
        for (int g = 0; g < groups; g++)
        {
            writer.Add(in pings[g]);
            writer.Add(in updates[g]);
            writer.AddSettings(WireBatch.SettingsEntries);
            writer.Add(in resets[g]);
        }

        int tail = Tail;
        if (tail > 0)
        {
            writer.Add(in pings[groups]);
        }

        if (tail > 1)
        {
            writer.Add(in updates[groups]);
        }

        if (tail > 2)
        {
            writer.AddSettings(WireBatch.SettingsEntries);
        }
    }

    private static int EncodeSettings(Span<byte> destination)
    {
        int n = default(SettingsFrame).WritePrefix(destination, 2 * SettingsEntry.Size);
        return n + SettingsFrame.WriteEntries(destination.Slice(n), WireBatch.SettingsEntries);
    }
}

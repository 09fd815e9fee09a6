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
/// "control N": frame i is <c>Groups[i / 4]</c>'s PING, its WINDOW_UPDATE, a SETTINGS frame with
/// <see cref="WireBatch.SettingsEntries"/> or its RST_STREAM for i mod 4 = 0, 1, 2, 3 (the order of
/// <see cref="WireKind"/>), so the loop runs over whole groups of four and then the 0–3 frames left (the last group,
/// partly used). "ack N": N SETTINGS ACK frames.
/// </remarks>
public sealed class TypedControlBatch
{
    public TypedControlBatch(WireFrame[] frames)
    {
        Count = frames.Length;
        Groups = new ControlGroup[(frames.Length + 3) / 4];
        for (int i = 0; i < frames.Length; i++)
        {
            ref ControlGroup group = ref Groups[i / 4];
            switch (frames[i].Kind)
            {
                case WireKind.Ping:
                    group.Ping = frames[i].Ping;
                    break;
                case WireKind.WindowUpdate:
                    group.WindowUpdate = frames[i].WindowUpdate;
                    break;
                case WireKind.RstStream:
                    group.RstStream = frames[i].RstStream;
                    break;
            }
        }

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
    public int WholeGroups => Count / 4;

    /// <summary>Frames after the last whole group: 0–3, in the group's order ("control" rows).</summary>
    public int Tail => Count % 4;

    /// <summary>"control" rows: the frames of each group of four (its SETTINGS frame is the same every time); empty on "ack" rows.</summary>
    public ControlGroup[] Groups { get; }

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

        ReadOnlySpan<ControlGroup> groups = Groups.AsSpan(0, WholeGroups);
        foreach (ref readonly ControlGroup g in groups)
        {
            offset += g.Ping.WritePrefix(buffer.Slice(offset), 0);
            offset += g.WindowUpdate.WritePrefix(buffer.Slice(offset), 0);
            offset += EncodeSettings(buffer.Slice(offset));
            offset += g.RstStream.WritePrefix(buffer.Slice(offset), 0);
        }

        int tail = Tail;
        if (tail > 0)
        {
            offset += Groups[^1].Ping.WritePrefix(buffer.Slice(offset), 0);
        }

        if (tail > 1)
        {
            offset += Groups[^1].WindowUpdate.WritePrefix(buffer.Slice(offset), 0);
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

        ReadOnlySpan<ControlGroup> groups = Groups.AsSpan(0, WholeGroups);
        foreach (ref readonly ControlGroup g in groups)
        {
            writer.Add(in g.Ping);
            writer.Add(in g.WindowUpdate);
            writer.AddSettings(WireBatch.SettingsEntries);
            writer.Add(in g.RstStream);
        }

        int tail = Tail;
        if (tail > 0)
        {
            writer.Add(in Groups[^1].Ping);
        }

        if (tail > 1)
        {
            writer.Add(in Groups[^1].WindowUpdate);
        }

        if (tail > 2)
        {
            writer.AddSettings(WireBatch.SettingsEntries);
        }
    }

    /// <summary>The PING, WINDOW_UPDATE and RST_STREAM of one group of a "control" batch.</summary>
    public struct ControlGroup
    {
        public PingFrame Ping;
        public WindowUpdateFrame WindowUpdate;
        public RstStreamFrame RstStream;
    }

    private static int EncodeSettings(Span<byte> destination)
    {
        int n = default(SettingsFrame).WritePrefix(destination, 2 * SettingsEntry.Size);
        return n + SettingsFrame.WriteEntries(destination.Slice(n), WireBatch.SettingsEntries);
    }
}

using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Ht2.Tests.Session;

/// <summary>A frame the session wrote, parsed by hand (RFC 9113 §4.1): not by Ht2's reader.</summary>
internal readonly record struct WireFrame(int Length, byte Type, byte Flags, uint StreamId, byte[] Payload)
{
    public const byte Data = 0x0, Headers = 0x1, Priority = 0x2, RstStream = 0x3, Settings = 0x4, PushPromise = 0x5, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8, Continuation = 0x9;

    public bool Has(byte flag) => (Flags & flag) == flag;

    /// <summary>RST_STREAM's code, or GOAWAY's code (bytes 4..7).</summary>
    public uint ErrorCode => Type == GoAway ? BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(4)) : BinaryPrimitives.ReadUInt32BigEndian(Payload);

    public uint GoAwayLastStreamId => BinaryPrimitives.ReadUInt32BigEndian(Payload) & 0x7FFF_FFFF;

    /// <summary>GOAWAY's debug data (bytes 8 on) as UTF-8: the session writes the reason of the connection error there.</summary>
    public string GoAwayDebugText => System.Text.Encoding.UTF8.GetString(Payload.AsSpan(8));

    public uint WindowIncrement => BinaryPrimitives.ReadUInt32BigEndian(Payload) & 0x7FFF_FFFF;

    public override string ToString() => $"type {Type} flags 0x{Flags:x2} stream {StreamId} length {Length}";
}

/// <summary>Hand-written frame bytes for the peer's side of a test (RFC 9113 §4.1, §6).</summary>
internal static class Wire
{
    public const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, PriorityFlag = 0x20;

    public static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>GET http://x/ : :method GET (0x82), :scheme http (0x86), :path / (0x84), :authority x (0x41 0x01 'x').</summary>
    public static readonly byte[] GetBlock = [0x82, 0x86, 0x84, 0x41, 0x01, (byte)'x'];

    /// <summary>The fields of <see cref="GetBlock"/>, for a client session's own request.</summary>
    public static readonly Ht2Field[] GetFields =
    [
        new(":method"u8.ToArray(), "GET"u8.ToArray()),
        new(":scheme"u8.ToArray(), "http"u8.ToArray()),
        new(":path"u8.ToArray(), "/"u8.ToArray()),
        new(":authority"u8.ToArray(), "x"u8.ToArray()),
    ];

    /// <summary>POST: :method POST (0x83), :scheme http, :path /, :authority x.</summary>
    public static readonly byte[] PostBlock = [0x83, 0x86, 0x84, 0x41, 0x01, (byte)'x'];

    /// <summary>A response: :status 200 (0x88).</summary>
    public static readonly byte[] Status200Block = [0x88];

    public static byte[] Frame(byte type, byte flags, uint streamId, params byte[] payload)
    {
        byte[] frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        return frame;
    }

    public static byte[] Settings(params (ushort Id, uint Value)[] entries)
    {
        byte[] payload = new byte[entries.Length * 6];
        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(i * 6), entries[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan((i * 6) + 2), entries[i].Value);
        }

        return Frame(WireFrame.Settings, 0, 0, payload);
    }

    public static byte[] SettingsAck => Frame(WireFrame.Settings, Ack, 0);

    public static byte[] Headers(uint streamId, byte[] block, bool endStream) =>
        Frame(WireFrame.Headers, (byte)(EndHeaders | (endStream ? EndStream : 0)), streamId, block);

    public static byte[] Data(uint streamId, int length, bool endStream) =>
        Frame(WireFrame.Data, endStream ? EndStream : (byte)0, streamId, new byte[length]);

    public static byte[] RstStream(uint streamId, uint code) => Frame(WireFrame.RstStream, 0, streamId, Be32(code));

    public static byte[] WindowUpdate(uint streamId, uint increment) => Frame(WireFrame.WindowUpdate, 0, streamId, Be32(increment));

    public static byte[] Ping(ulong data, bool ack = false)
    {
        byte[] payload = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(payload, data);
        return Frame(WireFrame.Ping, ack ? Ack : (byte)0, 0, payload);
    }

    public static byte[] PriorityFrame(uint streamId, uint dependency) => Frame(WireFrame.Priority, 0, streamId, [.. Be32(dependency), 15]);

    public static byte[] GoAway(uint lastStreamId, uint code) => Frame(WireFrame.GoAway, 0, 0, [.. Be32(lastStreamId), .. Be32(code)]);

    public static byte[] Be32(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts)
    {
        List<byte> all = new();
        foreach (byte[] part in parts)
        {
            all.AddRange(part);
        }

        return all.ToArray();
    }

    /// <summary>Splits written bytes into frames; a client preface at the start is skipped.</summary>
    public static List<WireFrame> Parse(ReadOnlySpan<byte> bytes, ref int offset)
    {
        List<WireFrame> frames = new();
        if (offset == 0 && bytes.StartsWith(Preface))
        {
            offset = Preface.Length;
        }

        while (bytes.Length - offset >= 9)
        {
            int length = (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2];
            if (bytes.Length - offset < 9 + length)
            {
                break;
            }

            uint stream = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(offset + 5)) & 0x7FFF_FFFF;
            frames.Add(new WireFrame(length, bytes[offset + 3], bytes[offset + 4], stream, bytes.Slice(offset + 9, length).ToArray()));
            offset += 9 + length;
        }

        return frames;
    }
}

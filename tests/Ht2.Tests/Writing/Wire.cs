using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;

namespace Ht2.Tests.Writing;

/// <summary>
/// The tests' own RFC 9113 byte builder and splitter: plain shifts from §4.1 and §6, independent of every Ht2
/// writer, so expectations never come from the code under test.
/// </summary>
internal static class Wire
{
    public sealed record Frame(byte Type, byte Flags, uint StreamId, byte[] Payload);

    public static void Header(List<byte> wire, int length, byte type, byte flags, uint streamId)
    {
        wire.Add((byte)(length >> 16));
        wire.Add((byte)(length >> 8));
        wire.Add((byte)length);
        wire.Add(type);
        wire.Add(flags);
        U32(wire, streamId);
    }

    public static void U32(List<byte> wire, uint value)
    {
        wire.Add((byte)(value >> 24));
        wire.Add((byte)(value >> 16));
        wire.Add((byte)(value >> 8));
        wire.Add((byte)value);
    }

    public static void Data(List<byte> wire, uint stream, byte[] data, bool endStream, int? pad = null)
    {
        byte flags = (byte)((endStream ? 0x1 : 0) | (pad is null ? 0 : 0x8));
        Header(wire, data.Length + (pad is int p ? p + 1 : 0), 0x0, flags, stream);
        if (pad is int padLength)
        {
            wire.Add((byte)padLength);
        }

        wire.AddRange(data);
        wire.AddRange(new byte[pad ?? 0]);
    }

    public static void Headers(List<byte> wire, uint stream, byte[] fragment, byte flags, int? pad = null, (uint Dependency, byte Weight, bool Exclusive)? priority = null)
    {
        if (pad is not null)
        {
            flags |= 0x8;
        }

        if (priority is not null)
        {
            flags |= 0x20;
        }

        int length = fragment.Length + (pad is int p ? p + 1 : 0) + (priority is null ? 0 : 5);
        Header(wire, length, 0x1, flags, stream);
        if (pad is int padLength)
        {
            wire.Add((byte)padLength);
        }

        if (priority is { } fields)
        {
            U32(wire, fields.Dependency | (fields.Exclusive ? 0x8000_0000u : 0));
            wire.Add(fields.Weight);
        }

        wire.AddRange(fragment);
        wire.AddRange(new byte[pad ?? 0]);
    }

    public static void Continuation(List<byte> wire, uint stream, byte[] fragment, bool endHeaders)
    {
        Header(wire, fragment.Length, 0x9, (byte)(endHeaders ? 0x4 : 0), stream);
        wire.AddRange(fragment);
    }

    public static void RstStream(List<byte> wire, uint stream, uint code)
    {
        Header(wire, 4, 0x3, 0, stream);
        U32(wire, code);
    }

    public static void Ping(List<byte> wire, ulong opaque, bool ack = false)
    {
        Header(wire, 8, 0x6, (byte)(ack ? 1 : 0), 0);
        U32(wire, (uint)(opaque >> 32));
        U32(wire, (uint)opaque);
    }

    public static void WindowUpdate(List<byte> wire, uint stream, uint increment)
    {
        Header(wire, 4, 0x8, 0, stream);
        U32(wire, increment);
    }

    public static void Settings(List<byte> wire, bool ack, params (ushort Id, uint Value)[] entries)
    {
        Header(wire, entries.Length * 6, 0x4, (byte)(ack ? 1 : 0), 0);
        foreach ((ushort id, uint value) in entries)
        {
            wire.Add((byte)(id >> 8));
            wire.Add((byte)id);
            U32(wire, value);
        }
    }

    public static void GoAway(List<byte> wire, uint lastStream, uint code, byte[] debug)
    {
        Header(wire, 8 + debug.Length, 0x7, 0, 0);
        U32(wire, lastStream);
        U32(wire, code);
        wire.AddRange(debug);
    }

    public static void Priority(List<byte> wire, uint stream, uint dependency, byte weight)
    {
        Header(wire, 5, 0x2, 0, stream);
        U32(wire, dependency);
        wire.Add(weight);
    }

    /// <summary>Splits bytes into frames using only the 9-byte header layout.</summary>
    public static List<Frame> Split(ReadOnlySpan<byte> bytes)
    {
        List<Frame> frames = new();
        while (!bytes.IsEmpty)
        {
            int length = (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
            uint stream = ((uint)bytes[5] << 24 | (uint)bytes[6] << 16 | (uint)bytes[7] << 8 | bytes[8]) & 0x7FFF_FFFF;
            frames.Add(new Frame(bytes[3], bytes[4], stream, bytes.Slice(9, length).ToArray()));
            bytes = bytes.Slice(9 + length);
        }

        return frames;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes from a socket.</summary>
    public static byte[] ReceiveExactly(Socket socket, int count)
    {
        byte[] buffer = new byte[count];
        int got = 0;
        while (got < count)
        {
            int n = socket.Receive(buffer, got, count - got, SocketFlags.None);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            got += n;
        }

        return buffer;
    }

    /// <summary>Reads one whole frame from a socket.</summary>
    public static Frame ReceiveFrame(Socket socket)
    {
        byte[] header = ReceiveExactly(socket, 9);
        int length = (header[0] << 16) | (header[1] << 8) | header[2];
        uint stream = ((uint)header[5] << 24 | (uint)header[6] << 16 | (uint)header[7] << 8 | header[8]) & 0x7FFF_FFFF;
        return new Frame(header[3], header[4], stream, ReceiveExactly(socket, length));
    }
}

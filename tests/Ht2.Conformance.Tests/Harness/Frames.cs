using System;
using System.Buffers.Binary;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>
/// Hand-built frames (RFC 9113 §4.1, §6): a 9-byte header written by shifts, then the payload. Nothing here checks
/// the rules, so tests can build any malformed frame; <c>length</c> overrides the length field.
/// </summary>
public static class Frames
{
    public static byte[] Raw(byte type, byte flags, uint streamId, ReadOnlySpan<byte> payload, int? length = null)
    {
        int declared = length ?? payload.Length;
        byte[] frame = new byte[9 + payload.Length];
        frame[0] = (byte)(declared >> 16);
        frame[1] = (byte)(declared >> 8);
        frame[2] = (byte)declared;
        frame[3] = type;
        frame[4] = flags;
        frame[5] = (byte)(streamId >> 24);
        frame[6] = (byte)(streamId >> 16);
        frame[7] = (byte)(streamId >> 8);
        frame[8] = (byte)streamId;
        payload.CopyTo(frame.AsSpan(9));
        return frame;
    }

    public static byte[] Headers(uint streamId, byte[] block, bool endStream = true, bool endHeaders = true, byte extraFlags = 0) =>
        Raw(FrameKind.Headers, (byte)((endStream ? FrameFlag.EndStream : 0) | (endHeaders ? FrameFlag.EndHeaders : 0) | extraFlags), streamId, block);

    /// <summary>HEADERS with the PRIORITY flag: exclusive bit + 31-bit dependency, weight, then the block.</summary>
    public static byte[] HeadersWithPriority(uint streamId, byte[] block, uint dependency, byte weight, bool exclusive = false, bool endStream = true)
    {
        byte[] payload = new byte[5 + block.Length];
        WritePriority(payload, dependency, weight, exclusive);
        block.CopyTo(payload, 5);
        return Raw(FrameKind.Headers, (byte)(FrameFlag.EndHeaders | FrameFlag.Priority | (endStream ? FrameFlag.EndStream : 0)), streamId, payload);
    }

    /// <summary>A PADDED frame's payload: pad length octet, content, then <paramref name="padding"/> zero bytes.</summary>
    public static byte[] Padded(ReadOnlySpan<byte> content, byte padding)
    {
        byte[] payload = new byte[1 + content.Length + padding];
        payload[0] = padding;
        content.CopyTo(payload.AsSpan(1));
        return payload;
    }

    public static byte[] Continuation(uint streamId, byte[] fragment, bool endHeaders = true) =>
        Raw(FrameKind.Continuation, endHeaders ? FrameFlag.EndHeaders : FrameFlag.None, streamId, fragment);

    public static byte[] Data(uint streamId, ReadOnlySpan<byte> data, bool endStream = false) =>
        Raw(FrameKind.Data, endStream ? FrameFlag.EndStream : FrameFlag.None, streamId, data);

    public static byte[] Data(uint streamId, int length, bool endStream = false) => Data(streamId, new byte[length], endStream);

    public static byte[] Priority(uint streamId, uint dependency, byte weight, bool exclusive = false)
    {
        byte[] payload = new byte[5];
        WritePriority(payload, dependency, weight, exclusive);
        return Raw(FrameKind.Priority, FrameFlag.None, streamId, payload);
    }

    public static byte[] RstStream(uint streamId, ErrorCode code) => RstStream(streamId, (uint)code);

    public static byte[] RstStream(uint streamId, uint code)
    {
        byte[] payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, code);
        return Raw(FrameKind.RstStream, FrameFlag.None, streamId, payload);
    }

    public static byte[] Settings(params (ushort Id, uint Value)[] settings)
    {
        byte[] payload = new byte[6 * settings.Length];
        for (int i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(6 * i), settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan((6 * i) + 2), settings[i].Value);
        }

        return Raw(FrameKind.Settings, FrameFlag.None, 0, payload);
    }

    public static byte[] SettingsAck() => Raw(FrameKind.Settings, FrameFlag.Ack, 0, []);

    public static byte[] Ping(ReadOnlySpan<byte> opaque, bool ack = false) =>
        Raw(FrameKind.Ping, ack ? FrameFlag.Ack : FrameFlag.None, 0, opaque);

    public static byte[] GoAway(uint lastStreamId, ErrorCode code) => GoAway(lastStreamId, (uint)code);

    public static byte[] GoAway(uint lastStreamId, uint code)
    {
        byte[] payload = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), code);
        return Raw(FrameKind.GoAway, FrameFlag.None, 0, payload);
    }

    public static byte[] WindowUpdate(uint streamId, uint increment)
    {
        byte[] payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, increment);
        return Raw(FrameKind.WindowUpdate, FrameFlag.None, streamId, payload);
    }

    private static void WritePriority(Span<byte> target, uint dependency, byte weight, bool exclusive)
    {
        BinaryPrimitives.WriteUInt32BigEndian(target, dependency | (exclusive ? 0x8000_0000u : 0));
        target[4] = weight;
    }
}

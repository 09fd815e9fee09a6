using System;
using System.Buffers.Binary;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>One frame as it arrived from the server: the 9-byte header fields and the raw payload.</summary>
public sealed record Frame(byte Type, byte Flags, uint StreamId, byte[] Payload)
{
    public bool Has(byte flag) => (Flags & flag) == flag;

    /// <summary>The error code of a RST_STREAM (offset 0) or GOAWAY (offset 4).</summary>
    public ErrorCode Code => (ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(Type == FrameKind.GoAway ? 4 : 0, 4));

    /// <summary>The last stream id of a GOAWAY (reserved bit dropped).</summary>
    public uint LastStreamId => BinaryPrimitives.ReadUInt32BigEndian(Payload) & 0x7FFF_FFFF;

    /// <summary>A short description for failure messages, e.g. "GOAWAY(last=1, PROTOCOL_ERROR)".</summary>
    public override string ToString()
    {
        string head = $"{FrameKind.Name(Type)}[stream {StreamId}, flags 0x{Flags:x2}, {Payload.Length} B]";
        if (Type == FrameKind.GoAway && Payload.Length >= 8)
        {
            return $"{head}(last={LastStreamId}, {Code})";
        }

        if (Type == FrameKind.RstStream && Payload.Length == 4)
        {
            return $"{head}({Code})";
        }

        return head;
    }
}

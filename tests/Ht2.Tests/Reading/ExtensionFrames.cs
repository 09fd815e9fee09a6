using System;

namespace Ht2.Tests.Reading;

//  +-+-------------------------------------------------------------+
//  |R|                Prioritized Stream ID (31)                   |
//  +-+-------------------------------------------------------------+
//  |                  Priority Field Value (*)                   ...
//  +---------------------------------------------------------------+
//  RFC 9218 §7.1: stream 0 only (PROTOCOL_ERROR connection error otherwise).

/// <summary>PRIORITY_UPDATE (RFC 9218 §7.1), declared as a user would.</summary>
[Ht2Frame(0x10, StreamId = StreamIdRule.Zero)]
public partial struct PriorityUpdateFrame
{
    /// <summary>The stream whose priority is updated.</summary>
    [Ht2Bits(31)]
    public uint PrioritizedStreamId;
}

//  +-------------------------------+-------------------------------+
//  |         Origin-Len (16)       | ASCII-Origin?               ...
//  +-------------------------------+-------------------------------+
//  RFC 8336 §2: stream 0 only; on any other stream the frame MUST be ignored (§2.1).

/// <summary>ORIGIN (RFC 8336 §2): the Origin-Entry list is the variable part.</summary>
[Ht2Frame(0x0C, StreamId = StreamIdRule.Zero, StreamIdErrorScope = ErrorScope.Ignore)]
public partial struct OriginFrame
{
}

//  +-------------------------------+-------------------------------+
//  |         Origin-Len (16)       | Origin? (*)                 ...
//  +-------------------------------+-------------------------------+
//  |                   Alt-Svc-Field-Value (*)                   ...
//  +---------------------------------------------------------------+
//  RFC 7838 §4: on stream 0 an empty Origin, on another stream a non-empty one, make the frame one to ignore.

/// <summary>ALTSVC (RFC 7838 §4): the Origin and the field value are the variable part.</summary>
[Ht2Frame(0x0A)]
public partial struct AltSvcFrame
{
    /// <summary>The length of the Origin that starts the variable part.</summary>
    public ushort OriginLength;

    private static FrameError Validate(in FrameHeader header, in AltSvcFrame frame)
    {
        if (header.StreamId == 0 && frame.OriginLength == 0)
        {
            return FrameError.Ignore(0, "ALTSVC on stream 0 without an Origin.");
        }

        return header.StreamId != 0 && frame.OriginLength != 0
            ? FrameError.Ignore(header.StreamId, "ALTSVC on a stream with an Origin.")
            : default;
    }
}

/// <summary>
/// A test extension whose variable part is a list of 3-byte units, each of which must not start with 0xFF: it
/// exercises the unit-by-unit check of a payload spread over segments.
/// </summary>
[Ht2Frame(0xF3, StreamId = StreamIdRule.NonZero, PayloadLengthMultipleOf = 3, SizeErrorScope = ErrorScope.Stream)]
public partial struct TripletFrame
{
    private static FrameError Validate(in FrameHeader header, in TripletFrame frame, ReadOnlySpan<byte> variablePart)
    {
        if (variablePart.Length % 3 != 0)
        {
            throw new InvalidOperationException("The reader handed over a part of a unit.");
        }

        for (int i = 0; i < variablePart.Length; i += 3)
        {
            if (variablePart[i] == 0xFF)
            {
                return FrameError.Stream(Http2ErrorCode.ProtocolError, header.StreamId, "A triplet starts with 0xFF.");
            }
        }

        return default;
    }
}

using System;
using System.Collections.Generic;

namespace Ht2.Tests.Reading;

//  +---------------+---------------+-------------------------------+
//  |  Kind (8)     |  Count (8)    |  Count bytes                ...
//  +---------------+---------------+-------------------------------+
//  A test extension: Kind must be 1 (a fixed-field rule), and the variable part's first byte counts the bytes after
//  it (a rule that needs the variable part whole).

/// <summary>A frame with both a fixed-field rule and a rule over its whole variable part.</summary>
[Ht2Frame(0xF4, StreamId = StreamIdRule.NonZero)]
public partial struct CountedListFrame
{
    /// <summary>Must be 1.</summary>
    public byte Kind;

    private static FrameError Validate(in FrameHeader header, in CountedListFrame frame) =>
        frame.Kind == 1 ? default : FrameError.Stream(Http2ErrorCode.ProtocolError, header.StreamId, "Kind must be 1.");

    private static FrameError Validate(in FrameHeader header, in CountedListFrame frame, ReadOnlySpan<byte> variablePart) =>
        variablePart.IsEmpty || variablePart[0] == variablePart.Length - 1
            ? default
            : FrameError.Stream(Http2ErrorCode.ProtocolError, header.StreamId, "The count does not match the list.");
}

/// <summary>
/// 3-byte units that must not start with 0xFF, like <see cref="TripletFrame"/>, and every span the reader hands the
/// rule is recorded (per thread), so a test can see how a segmented payload was cut.
/// </summary>
[Ht2Frame(0xF5, StreamId = StreamIdRule.NonZero, PayloadLengthMultipleOf = 3)]
public partial struct RecordedTripletFrame
{
    [ThreadStatic]
    private static List<int>? t_checked;

    /// <summary>The lengths of the spans checked on this thread since the last call.</summary>
    public static int[] TakeChecked()
    {
        int[] lengths = t_checked?.ToArray() ?? [];
        t_checked?.Clear();
        return lengths;
    }

    private static FrameError Validate(in FrameHeader header, in RecordedTripletFrame frame, ReadOnlySpan<byte> variablePart)
    {
        (t_checked ??= []).Add(variablePart.Length);
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

/// <summary>A frame whose fixed fields (72 bytes) are longer than the reader gathers on the stack.</summary>
[Ht2Frame(0xF6, StreamId = StreamIdRule.NonZero, PayloadLength = 72)]
public partial struct WideFrame
{
    /// <summary>Fixed field 1.</summary>
    public ulong A;

    /// <summary>Fixed field 2.</summary>
    public ulong B;

    /// <summary>Fixed field 3.</summary>
    public ulong C;

    /// <summary>Fixed field 4.</summary>
    public ulong D;

    /// <summary>Fixed field 5.</summary>
    public ulong E;

    /// <summary>Fixed field 6.</summary>
    public ulong F;

    /// <summary>Fixed field 7.</summary>
    public ulong G;

    /// <summary>Fixed field 8.</summary>
    public ulong H;


    /// <summary>The last fixed field: must not be 0.</summary>
    public ulong Last;

    private static FrameError Validate(in FrameHeader header, in WideFrame frame) =>
        frame.Last != 0 ? default : FrameError.Stream(Http2ErrorCode.ProtocolError, header.StreamId, "The last field is 0.");
}

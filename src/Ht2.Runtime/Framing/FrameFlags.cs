using System;

namespace Ht2;

/// <summary>
/// Frame flag bits (RFC 9113 §4.1). The meaning of a bit depends on the frame type: 0x1 is END_STREAM on
/// DATA and HEADERS but ACK on SETTINGS and PING. Extension frames may use any bit.
/// </summary>
[Flags]
public enum FrameFlags : byte
{
    /// <summary>No flag set.</summary>
    None = 0x0,
    /// <summary>END_STREAM (DATA, HEADERS).</summary>
    EndStream = 0x1,
    /// <summary>ACK (SETTINGS, PING); the same bit as <see cref="EndStream"/>.</summary>
    Ack = 0x1,
    /// <summary>END_HEADERS (HEADERS, PUSH_PROMISE, CONTINUATION).</summary>
    EndHeaders = 0x4,
    /// <summary>PADDED (DATA, HEADERS, PUSH_PROMISE).</summary>
    Padded = 0x8,
    /// <summary>PRIORITY (HEADERS).</summary>
    Priority = 0x20,
}

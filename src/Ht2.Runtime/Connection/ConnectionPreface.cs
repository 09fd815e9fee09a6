using System;

namespace Ht2;

/// <summary>The client connection preface (RFC 9113 §3.4): these 24 octets, then a SETTINGS frame.</summary>
public static class ConnectionPreface
{
    /// <summary>The preface length.</summary>
    public const int Length = 24;

    /// <summary>"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".</summary>
    public static ReadOnlySpan<byte> Bytes => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>Why a server refuses what it received instead of the preface.</summary>
    internal const string MismatchReason = "Invalid HTTP/2 client connection preface (RFC 9113 §3.4).";

    /// <summary>
    /// Checks the start of what a server received: <see cref="Length"/> when the whole preface is there, 0 while the
    /// bytes so far agree with it, -1 as soon as one differs, so a server refuses a non-HTTP/2 peer (a PROTOCOL_ERROR
    /// connection error) without waiting for 24 bytes.
    /// </summary>
    internal static int Match(ReadOnlySpan<byte> received)
    {
        int compared = Math.Min(received.Length, Length);
        if (!received.Slice(0, compared).SequenceEqual(Bytes.Slice(0, compared)))
        {
            return -1;
        }

        return compared == Length ? Length : 0;
    }

    /// <summary>
    /// The PROTOCOL_ERROR connection error when the peer's first frame is not a SETTINGS frame (an ACK does not
    /// count): both prefaces end with the sender's SETTINGS (RFC 9113 §3.4). No error otherwise.
    /// </summary>
    internal static FrameError CheckFirstFrame(in FrameHeader header) => header.Type != FrameType.Settings || header.HasFlag(FrameFlags.Ack)
        ? FrameError.Connection(Http2ErrorCode.ProtocolError, "The first frame of the peer must be SETTINGS (RFC 9113 §3.4).")
        : default;
}

namespace Ht2;

/// <summary>The frame types defined by RFC 9113 §6. Extension frames use any other byte value.</summary>
public enum FrameType : byte
{
    /// <summary>DATA (RFC 9113 §6.1).</summary>
    Data = 0x0,
    /// <summary>HEADERS (RFC 9113 §6.2).</summary>
    Headers = 0x1,
    /// <summary>PRIORITY (RFC 9113 §6.3, deprecated but still parsed).</summary>
    Priority = 0x2,
    /// <summary>RST_STREAM (RFC 9113 §6.4).</summary>
    RstStream = 0x3,
    /// <summary>SETTINGS (RFC 9113 §6.5).</summary>
    Settings = 0x4,
    /// <summary>PUSH_PROMISE (RFC 9113 §6.6).</summary>
    PushPromise = 0x5,
    /// <summary>PING (RFC 9113 §6.7).</summary>
    Ping = 0x6,
    /// <summary>GOAWAY (RFC 9113 §6.8).</summary>
    GoAway = 0x7,
    /// <summary>WINDOW_UPDATE (RFC 9113 §6.9).</summary>
    WindowUpdate = 0x8,
    /// <summary>CONTINUATION (RFC 9113 §6.10).</summary>
    Continuation = 0x9,
}

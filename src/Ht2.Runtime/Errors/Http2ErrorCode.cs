namespace Ht2;

/// <summary>The error codes of RFC 9113 §7, carried by RST_STREAM and GOAWAY.</summary>
public enum Http2ErrorCode : uint
{
    /// <summary>NO_ERROR: graceful shutdown.</summary>
    NoError = 0x0,
    /// <summary>PROTOCOL_ERROR: an unspecific protocol error.</summary>
    ProtocolError = 0x1,
    /// <summary>INTERNAL_ERROR: an unexpected internal error.</summary>
    InternalError = 0x2,
    /// <summary>FLOW_CONTROL_ERROR: the flow-control protocol was violated.</summary>
    FlowControlError = 0x3,
    /// <summary>SETTINGS_TIMEOUT: SETTINGS was not acknowledged in time.</summary>
    SettingsTimeout = 0x4,
    /// <summary>STREAM_CLOSED: a frame arrived after the stream was half-closed.</summary>
    StreamClosed = 0x5,
    /// <summary>FRAME_SIZE_ERROR: a frame had an invalid size.</summary>
    FrameSizeError = 0x6,
    /// <summary>REFUSED_STREAM: the stream was refused before any processing.</summary>
    RefusedStream = 0x7,
    /// <summary>CANCEL: the stream is no longer needed.</summary>
    Cancel = 0x8,
    /// <summary>COMPRESSION_ERROR: the field-block compression context cannot be maintained.</summary>
    CompressionError = 0x9,
    /// <summary>CONNECT_ERROR: the CONNECT tunnel was reset or closed.</summary>
    ConnectError = 0xa,
    /// <summary>ENHANCE_YOUR_CALM: the peer is generating excessive load.</summary>
    EnhanceYourCalm = 0xb,
    /// <summary>INADEQUATE_SECURITY: the transport does not meet minimum security requirements.</summary>
    InadequateSecurity = 0xc,
    /// <summary>HTTP_1_1_REQUIRED: the endpoint requires HTTP/1.1.</summary>
    Http11Required = 0xd,
}

using System;

namespace Ht2;

/// <summary>
/// A peer broke an RFC 9113 rule. Carries the error code to send, whether it is a connection error (answer with
/// GOAWAY) or a stream error (answer with RST_STREAM), and the stream concerned.
/// </summary>
public sealed class Ht2ProtocolException : Exception
{
    /// <summary>Creates the exception; the message names the error code and its scope.</summary>
    public Ht2ProtocolException(Http2ErrorCode errorCode, ErrorScope scope, uint streamId, string reason)
        : base(FormatMessage(errorCode, scope, streamId, reason))
    {
        ErrorCode = errorCode;
        Scope = scope;
        StreamId = streamId;
        Reason = reason;
    }

    /// <summary>The RFC 9113 error code.</summary>
    public Http2ErrorCode ErrorCode { get; }

    /// <summary>Connection error or stream error.</summary>
    public ErrorScope Scope { get; }

    /// <summary>The stream the error concerns; 0 for connection errors that concern no stream.</summary>
    public uint StreamId { get; }

    /// <summary>The violated rule, without the code and scope prefix.</summary>
    public string Reason { get; }

    /// <summary>True for a connection error.</summary>
    public bool IsConnectionError => Scope == ErrorScope.Connection;

    /// <summary>The RFC 9113 spelling of an error code, such as FRAME_SIZE_ERROR.</summary>
    public static string GetRfcName(Http2ErrorCode code) => code switch
    {
        Http2ErrorCode.NoError => "NO_ERROR",
        Http2ErrorCode.ProtocolError => "PROTOCOL_ERROR",
        Http2ErrorCode.InternalError => "INTERNAL_ERROR",
        Http2ErrorCode.FlowControlError => "FLOW_CONTROL_ERROR",
        Http2ErrorCode.SettingsTimeout => "SETTINGS_TIMEOUT",
        Http2ErrorCode.StreamClosed => "STREAM_CLOSED",
        Http2ErrorCode.FrameSizeError => "FRAME_SIZE_ERROR",
        Http2ErrorCode.RefusedStream => "REFUSED_STREAM",
        Http2ErrorCode.Cancel => "CANCEL",
        Http2ErrorCode.CompressionError => "COMPRESSION_ERROR",
        Http2ErrorCode.ConnectError => "CONNECT_ERROR",
        Http2ErrorCode.EnhanceYourCalm => "ENHANCE_YOUR_CALM",
        Http2ErrorCode.InadequateSecurity => "INADEQUATE_SECURITY",
        Http2ErrorCode.Http11Required => "HTTP_1_1_REQUIRED",
        _ => "0x" + ((uint)code).ToString("x"),
    };

    private static string FormatMessage(Http2ErrorCode code, ErrorScope scope, uint streamId, string reason) => scope switch
    {
        ErrorScope.Connection => $"{GetRfcName(code)} (connection error): {reason}",
        ErrorScope.Stream => $"{GetRfcName(code)} (stream error on stream {streamId}): {reason}",
        _ => $"Frame on stream {streamId} to ignore: {reason}",
    };
}

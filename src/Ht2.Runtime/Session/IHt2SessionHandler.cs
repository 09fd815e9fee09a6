using System;

namespace Ht2;

/// <summary>
/// What an <see cref="Ht2Session"/> tells the application. Every call runs on the session's read loop: it must not
/// block (start asynchronous work and return), and the spans and <see cref="Ht2Headers"/> it receives are valid only
/// during the call. Sending from inside a call is allowed and queues the frames.
/// </summary>
public interface IHt2SessionHandler
{
    /// <summary>
    /// Server: a request's header section arrived on a new stream (<paramref name="endStream"/>: no body follows).
    /// An exception thrown from here resets that stream with INTERNAL_ERROR; the connection and its other streams go on.
    /// </summary>
    void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream);

    /// <summary>Client: a response header section arrived (1xx informational ones too: see <see cref="Ht2Headers.Status"/>).</summary>
    void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream);

    /// <summary>DATA arrived (padding removed); <paramref name="endStream"/> ends the peer's side.</summary>
    void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream);

    /// <summary>A trailer section arrived; it ends the peer's side.</summary>
    void OnTrailers(Ht2Stream stream, Ht2Headers trailers);

    /// <summary>
    /// The stream was reset: by the peer's RST_STREAM, by us after the peer broke a stream rule, or, with
    /// REFUSED_STREAM, because the peer's GOAWAY excluded it (safe to retry on another connection). Call
    /// <see cref="Ht2Stream.Release"/> once no work for the stream runs any more.
    /// </summary>
    void OnReset(Ht2Stream stream, Http2ErrorCode errorCode);

    /// <summary>The peer sent GOAWAY: no new streams; streams above <paramref name="lastStreamId"/> are reset with REFUSED_STREAM.</summary>
    void OnGoAway(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData);

    /// <summary>The peer's SETTINGS were applied (and are being acknowledged).</summary>
    void OnSettings(in Ht2PeerSettings settings);

    /// <summary>A PING arrived (<paramref name="ack"/> false, the session answers it) or the ACK of ours.</summary>
    void OnPing(ulong opaqueData, bool ack);
}

/// <summary>The peer's SETTINGS in force (RFC 9113 §6.5.2 initial values until it sends others).</summary>
public readonly record struct Ht2PeerSettings(
    uint HeaderTableSize,
    bool EnablePush,
    uint MaxConcurrentStreams,
    uint InitialWindowSize,
    uint MaxFrameSize,
    uint MaxHeaderListSize,
    bool EnableConnectProtocol)
{
    /// <summary>The values in force before the peer's first SETTINGS frame.</summary>
    public static Ht2PeerSettings Initial => new(4096, true, uint.MaxValue, SettingsFrame.DefaultInitialWindowSize, SettingsFrame.MinMaxFrameSize, uint.MaxValue, false);

    /// <summary>
    /// These settings with one received entry recorded (the reader validated its value); an unknown identifier
    /// changes nothing (RFC 9113 §6.5.2). The one map from a SETTINGS identifier to its value in force.
    /// </summary>
    internal Ht2PeerSettings With(in SettingsEntry entry) => entry.Parameter switch
    {
        SettingsParameter.HeaderTableSize => this with { HeaderTableSize = entry.Value },
        SettingsParameter.EnablePush => this with { EnablePush = entry.Value == 1 },
        SettingsParameter.MaxConcurrentStreams => this with { MaxConcurrentStreams = entry.Value },
        SettingsParameter.InitialWindowSize => this with { InitialWindowSize = entry.Value },
        SettingsParameter.MaxFrameSize => this with { MaxFrameSize = entry.Value },
        SettingsParameter.MaxHeaderListSize => this with { MaxHeaderListSize = entry.Value },
        SettingsParameter.EnableConnectProtocol => this with { EnableConnectProtocol = entry.Value == 1 },
        _ => this,
    };
}

/// <summary>
/// A handler with every event ignored, to override only what matters; a reset releases the stream at once (the
/// application has nothing running for it unless the override says otherwise).
/// </summary>
public abstract class Ht2SessionHandler : IHt2SessionHandler
{
    /// <inheritdoc/>
    public virtual void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream) => stream.Reset(Http2ErrorCode.RefusedStream);

    /// <inheritdoc/>
    public virtual void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
    }

    /// <inheritdoc/>
    public virtual void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
    {
    }

    /// <inheritdoc/>
    public virtual void OnTrailers(Ht2Stream stream, Ht2Headers trailers)
    {
    }

    /// <summary>
    /// Releases the handle at once, which suits an application with no work left on a reset stream. One that still
    /// uses the handle after a reset (a send in flight, a caller that has not seen the reset yet) overrides this and
    /// calls <see cref="Ht2Stream.Release"/> when that work ends: a released handle may be reused for another stream.
    /// </summary>
    public virtual void OnReset(Ht2Stream stream, Http2ErrorCode errorCode) => stream.Release();

    /// <inheritdoc/>
    public virtual void OnGoAway(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData)
    {
    }

    /// <inheritdoc/>
    public virtual void OnSettings(in Ht2PeerSettings settings)
    {
    }

    /// <inheritdoc/>
    public virtual void OnPing(ulong opaqueData, bool ack)
    {
    }
}

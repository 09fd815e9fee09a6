using System;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Ht2;

/// <summary>
/// One stream of an <see cref="Ht2Session"/>: the handle the application sends through. Handles are pooled: a
/// handle belongs to its stream from the event that handed it out until the stream is closed and released (see
/// <see cref="Release"/>); after that the session may reuse it for another stream.
/// </summary>
/// <remarks>All members are thread-safe (they take the session's lock) and never block on the peer.</remarks>
public sealed class Ht2Stream : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _sendCore;

    internal Ht2Stream(Ht2Session session) => Session = session;

    internal Ht2Session Session { get; }

    /// <summary>The stream identifier.</summary>
    public uint Id { get; internal set; }

    /// <summary>The RFC 9113 §5.1 state.</summary>
    public Ht2StreamState State { get; internal set; }

    /// <summary>Free for the application (cleared when the handle is reused).</summary>
    public object? UserState { get; set; }

    /// <summary>How many bytes we may still send on this stream (the peer's stream window).</summary>
    public long SendWindow => Session.GetSendWindow(this);

    // Flow control and message rules (all under the session lock).
    internal long SendCredit;
    internal int ReceiveWindow;
    internal int ReceiveUnreturned;
    internal HttpBodyLength Body;
    internal bool HeadersReceived;
    internal bool HandlerKnows;
    internal bool AppFinished;
    internal bool PeerInitiated;
    internal bool FinalHeadersSent;
    internal HttpFieldValidator Request;
    internal Http2ErrorCode ResetCode;

    // The send in progress: a slice of the application's memory, cut into DATA frames by the one DataCursor rule.
    internal ReadOnlyMemory<byte> SendData;
    internal DataCursor SendCursor;
    // Stryker disable once Unary : SendPadding is read only for an active send, and QueueData sets it before a send becomes active.
    internal int SendPadding = -1;

    /// <summary>The send in progress as the one-chunk body <see cref="SendCursor"/> walks.</summary>
    internal ReadOnlySpan<ReadOnlyMemory<byte>> SendBody => new(in SendData);
    internal bool SendActive;
    internal bool CompletionQueued;
    internal bool Delivering;
    internal Exception? DeliverError;
    internal Exception? SendError;
    internal Ht2Stream? NextReady;
    internal bool InReadyList;

    /// <summary>
    /// Sends a header section (response, informational response or trailers) encoded from <paramref name="fields"/>,
    /// checked against the RFC 9113 §8 rules first. Nothing is sent when the stream was reset or the session closes.
    /// </summary>
    /// <exception cref="InvalidOperationException">Our side of the stream has ended, or data is still being sent.</exception>
    /// <exception cref="ArgumentException">
    /// The fields break a message rule, or their size (name + value + 32 per field, RFC 9113 §6.5.2) exceeds the peer's
    /// SETTINGS_MAX_HEADER_LIST_SIZE; nothing is sent.
    /// </exception>
    public void SendHeaders(ReadOnlySpan<Ht2Field> fields, bool endStream) => Session.SendHeaders(this, fields, null, default, endStream);

    /// <summary>
    /// Sends a header section checked when it was created (see <see cref="Ht2FieldSection"/>): as
    /// <see cref="SendHeaders(ReadOnlySpan{Ht2Field}, bool)"/>, without a pass over every octet of the fields.
    /// </summary>
    /// <exception cref="InvalidOperationException">Our side of the stream has ended, or data is still being sent.</exception>
    /// <exception cref="ArgumentException">
    /// The section breaks a message rule as sent here (a response, an informational response or trailers), or its size
    /// exceeds the peer's SETTINGS_MAX_HEADER_LIST_SIZE; nothing is sent.
    /// </exception>
    public void SendHeaders(Ht2FieldSection section, bool endStream) =>
        Session.SendHeaders(this, default, section ?? throw new ArgumentNullException(nameof(section)), default, endStream);

    /// <summary>
    /// Sends an already HPACK-encoded header section that neither uses nor changes the dynamic table (static indexes
    /// and literals without indexing, as <see cref="HpackEncoder"/> writes; the session puts any size update due in front).
    /// The block is trusted: neither the message rules nor the peer's SETTINGS_MAX_HEADER_LIST_SIZE are checked.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream cannot send.</exception>
    public void SendHeaderBlock(ReadOnlySpan<byte> headerBlock, bool endStream) => Session.SendHeaders(this, default, null, headerBlock, endStream);

    /// <summary>
    /// Queues <paramref name="data"/> as DATA frames, sent as flow control allows, interleaved fairly with other
    /// streams. The memory must stay unchanged until the returned task completes (the bytes were handed to the
    /// transport). One send at a time per stream. The task fails with <see cref="Ht2StreamClosedException"/> when
    /// the stream is reset or the connection closes first. The task completes without a thread-pool hop (that would
    /// allocate), so its continuation may run on the session's writer or read loop: it must not block.
    /// </summary>
    /// <param name="data">The bytes; may be empty (with <paramref name="endStream"/>: one empty DATA frame).</param>
    /// <param name="endStream">END_STREAM on the last frame.</param>
    /// <param name="padLength">When set, every frame is PADDED with this many bytes (0..255).</param>
    /// <exception cref="InvalidOperationException">A send is already in progress, or the stream cannot send.</exception>
    public ValueTask SendDataAsync(ReadOnlyMemory<byte> data, bool endStream, int? padLength = null)
    {
        Session.QueueData(this, data, endStream, padLength);
        return new ValueTask(this, _sendCore.Version);
    }

    /// <summary>Sends trailers (a header section with END_STREAM); call it after the last data send completed.</summary>
    /// <exception cref="InvalidOperationException">The stream cannot send, or data is still being sent.</exception>
    /// <exception cref="ArgumentException">The fields break a trailer rule or exceed the peer's SETTINGS_MAX_HEADER_LIST_SIZE; nothing is sent.</exception>
    public void SendTrailers(ReadOnlySpan<Ht2Field> fields) => Session.SendHeaders(this, fields, null, default, endStream: true);

    /// <summary>Sends trailers checked when the section was created (see <see cref="Ht2FieldSection"/>).</summary>
    /// <exception cref="InvalidOperationException">The stream cannot send, or data is still being sent.</exception>
    /// <exception cref="ArgumentException">The section breaks a trailer rule or exceeds the peer's SETTINGS_MAX_HEADER_LIST_SIZE; nothing is sent.</exception>
    public void SendTrailers(Ht2FieldSection section) =>
        Session.SendHeaders(this, default, section ?? throw new ArgumentNullException(nameof(section)), default, endStream: true);

    /// <summary>Resets the stream (RST_STREAM) with <paramref name="errorCode"/>; nothing if it is closed already.</summary>
    public void Reset(Http2ErrorCode errorCode) => Session.ResetByApplication(this, errorCode);

    /// <summary>
    /// Returns flow-control credit for <paramref name="bytes"/> received bytes the application has processed (only
    /// when <see cref="Ht2SessionOptions.ConsumeDataOnReceive"/> is false).
    /// </summary>
    public void ConsumeData(int bytes) => Session.ConsumeData(this, bytes);

    /// <summary>
    /// Tells the session that the application's work for the stream is over: until then the stream counts against
    /// SETTINGS_MAX_CONCURRENT_STREAMS even when reset. Ending our side (END_STREAM or RST_STREAM) releases too; a
    /// stream released while our side is still open is reset with CANCEL.
    /// </summary>
    public void Release() => Session.ReleaseByApplication(this);

    internal void ResetForReuse(uint id, Ht2StreamState state)
    {
        Id = id;
        State = state;
        UserState = null;
        SendCredit = 0;
        ReceiveWindow = 0;
        ReceiveUnreturned = 0;
        // Stryker disable once Unary : Body is set before it is read: when a request opens the stream, or when the final response arrives (DATA and END_STREAM before it are refused).
        Body = new HttpBodyLength(-1);
        HeadersReceived = false;
        // Stryker disable once Boolean : both callers of OpenStreamCore set HandlerKnows right after it, before anything reads it.
        HandlerKnows = false;
        AppFinished = false;
        // Stryker disable once Boolean : OpenStreamCore sets PeerInitiated right after this call.
        PeerInitiated = false;
        FinalHeadersSent = false;
        Request = default;
        ResetCode = Http2ErrorCode.NoError;
        SendData = default;
        SendCursor = default;
        // Stryker disable once Unary : SendPadding is read only for an active send, and QueueData sets it before a send becomes active.
        SendPadding = -1;
        SendActive = false;
        CompletionQueued = false;
        SendError = null;
    }

    /// <summary>Arms the completion source for a new send (under the session lock).</summary>
    internal void ArmSend() => _sendCore.Reset();

    /// <summary>Completes the current send; called outside the session lock.</summary>
    internal void CompleteSend(Exception? error)
    {
        if (error is null)
        {
            // Stryker disable once Boolean : the result's value is never read: IValueTaskSource.GetResult returns nothing.
            _sendCore.SetResult(true);
        }
        else
        {
            _sendCore.SetException(error);
        }
    }

    void IValueTaskSource.GetResult(short token) => _sendCore.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _sendCore.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _sendCore.OnCompleted(continuation, state, token, flags);
}

/// <summary>A send could not finish: the stream was reset or the connection closed.</summary>
public sealed class Ht2StreamClosedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public Ht2StreamClosedException(uint streamId, Http2ErrorCode errorCode)
        : base($"Stream {streamId} closed before the send finished ({Ht2ProtocolException.GetRfcName(errorCode)}).")
    {
        StreamId = streamId;
        ErrorCode = errorCode;
    }

    /// <summary>The stream.</summary>
    public uint StreamId { get; }

    /// <summary>The reset or GOAWAY code.</summary>
    public Http2ErrorCode ErrorCode { get; }
}

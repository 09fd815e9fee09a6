using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Interop.Tests;

/// <summary>How a response ended, as the session reported it.</summary>
internal enum ExchangeEnd
{
    /// <summary>Not yet.</summary>
    None,

    /// <summary>END_STREAM on the response's HEADERS (no body).</summary>
    Headers,

    /// <summary>END_STREAM on a DATA frame.</summary>
    Data,

    /// <summary>A trailer section.</summary>
    Trailers,

    /// <summary>The stream was reset (see <see cref="ClientExchange.ResetCode"/>).</summary>
    Reset,
}

/// <summary>
/// One request of a <see cref="SessionClient"/> and everything the session reported for it, in order. Written only
/// by the session's read loop; read by the test after <see cref="Ended"/> completed.
/// </summary>
internal sealed class ClientExchange
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _informational = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstData = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _responseStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Http2ErrorCode> _peerReset = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _handleLock = new();
    private bool _claimed;
    private bool _sending;
    private bool _resetSeen;

    public ClientExchange(uint streamId) => StreamId = streamId;

    public uint StreamId { get; }

    /// <summary>The handle to send the request body and trailers through (valid until the exchange ended).</summary>
    public Ht2Stream Stream { get; private set; } = null!;

    /// <summary>The final (non-1xx) :status; 0 before the response headers.</summary>
    public int Status { get; private set; }

    /// <summary>The final response header fields (the first value of each name).</summary>
    public Dictionary<string, string> Headers { get; } = new();

    public MemoryStream Body { get; } = new();

    /// <summary>The trailer fields; null when the response had none.</summary>
    public Dictionary<string, string>? Trailers { get; private set; }

    /// <summary>The body bytes received when the trailers arrived; -1 without trailers.</summary>
    public long BodyBytesAtTrailers { get; private set; } = -1;

    /// <summary>Events the session reported after the exchange had ended (each one a bug).</summary>
    public List<string> EventsAfterEnd { get; } = new();

    public ExchangeEnd End { get; private set; }

    public Http2ErrorCode? ResetCode { get; private set; }

    /// <summary>When set, the handler resets the stream with CANCEL from inside the DATA event that reaches this many body bytes.</summary>
    public long CancelAtBodyBytes { get; set; } = -1;

    /// <summary>When set, the handler resets the stream with CANCEL from inside the event that delivers the response headers.</summary>
    public bool CancelAtResponse { get; set; }

    /// <summary>Completes when the final response headers arrived (before a <see cref="CancelAtResponse"/> reset).</summary>
    public Task ResponseStarted => _responseStarted.Task;

    /// <summary>True when the handler cancelled the stream itself (<see cref="CancelAtBodyBytes"/>, <see cref="CancelAtResponse"/>).</summary>
    public bool CancelledByUs { get; private set; }

    /// <summary>Completes when the response ended or the stream was reset.</summary>
    public Task Ended => _ended.Task;

    /// <summary>The body as text (for the small text answers).</summary>
    public string Text => Encoding.ASCII.GetString(Body.GetBuffer(), 0, (int)Body.Length);

    /// <summary>A one-line account for assertion messages.</summary>
    public override string ToString() =>
        $"stream {StreamId}: status {Status}, {Body.Length} body bytes, end {End}{(ResetCode is { } code ? $" ({code})" : "")}"
        + (EventsAfterEnd.Count > 0 ? $", after the end: {string.Join(", ", EventsAfterEnd)}" : "");

    /// <summary>Waits (bounded) for the end and asserts the response completed normally with <paramref name="status"/>.</summary>
    public async Task AssertCompletedAsync(int status)
    {
        await Ended.Within(SessionClient.Bound);
        Assert.True(End is ExchangeEnd.Headers or ExchangeEnd.Data or ExchangeEnd.Trailers && Status == status && EventsAfterEnd.Count == 0, ToString());
    }

    /// <summary>The 1xx statuses received before the final response, in order.</summary>
    public List<int> Informational { get; } = new();

    /// <summary>Completes at the first DATA of the response.</summary>
    public Task FirstData => _firstData.Task;

    /// <summary>Completes at the first 1xx response.</summary>
    public Task InformationalReceived => _informational.Task;

    internal void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        if (headers.Status < 200)
        {
            Informational.Add(headers.Status);
            _informational.TrySetResult();
        }

        if (!NotAfterEnd("response headers") || headers.Status < 200)
        {
            return;
        }

        Status = headers.Status;
        Collect(headers, Headers);
        _responseStarted.TrySetResult();
        if (!endStream && CancelAtResponse)
        {
            Cancel(stream);
            return;
        }

        Finish(endStream ? ExchangeEnd.Headers : ExchangeEnd.None);
    }

    internal void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
    {
        if (!NotAfterEnd($"DATA ({data.Length} bytes)"))
        {
            return;
        }

        Body.Write(data);
        _firstData.TrySetResult();
        if (!endStream && CancelAtBodyBytes >= 0 && Body.Length >= CancelAtBodyBytes)
        {
            Cancel(stream);
            return;
        }

        Finish(endStream ? ExchangeEnd.Data : ExchangeEnd.None);
    }

    internal void OnTrailers(Ht2Headers trailers)
    {
        if (NotAfterEnd("trailers"))
        {
            Trailers = new Dictionary<string, string>();
            Collect(trailers, Trailers);
            BodyBytesAtTrailers = Body.Length;
            Finish(ExchangeEnd.Trailers);
        }
    }

    /// <summary>The peer's RST_STREAM code, also when it came after the response ended; completes at the reset.</summary>
    public Task<Http2ErrorCode> PeerReset => _peerReset.Task;

    /// <summary>
    /// Tells the exchange the test no longer sends through <see cref="Stream"/>: a reset seen before releases the
    /// handle now. (A request sent without END_STREAM keeps its handle across a reset until then, because a released
    /// handle may be reused for another stream.)
    /// </summary>
    public void SendingDone()
    {
        bool release;
        lock (_handleLock)
        {
            _sending = false;
            release = _resetSeen && _claimed;
        }

        if (release)
        {
            Stream.Release();
        }
    }

    /// <summary>
    /// <see cref="SessionClient.Send"/> took the handle (<paramref name="sending"/>: the request has no END_STREAM yet).
    /// A reset that came first (the response can beat OpenStream's return) is released now when nothing will be sent.
    /// </summary>
    internal void Claim(Ht2Stream stream, bool sending)
    {
        bool release;
        lock (_handleLock)
        {
            Stream = stream;
            _claimed = true;
            _sending = sending;
            release = _resetSeen && !sending;
        }

        if (release)
        {
            stream.Release();
        }
    }

    /// <summary>Records a reset; true when the handle may be released now (the caller does, outside any lock of ours).</summary>
    internal bool OnReset(Http2ErrorCode code)
    {
        _peerReset.TrySetResult(code);
        if (NotAfterEnd($"reset {code}"))
        {
            ResetCode = code;
            Finish(ExchangeEnd.Reset);
        }

        lock (_handleLock)
        {
            _resetSeen = true;
            return _claimed && !_sending;
        }
    }

    /// <summary>The content-length response field as a number, or -1.</summary>
    public long ContentLength => Headers.TryGetValue("content-length", out string? value) && Utf8Parser.TryParse(Encoding.ASCII.GetBytes(value), out long length, out _) ? length : -1;

    /// <summary>A user cancelling a download from inside a session event, as the handler contract allows.</summary>
    private void Cancel(Ht2Stream stream)
    {
        stream.Reset(Http2ErrorCode.Cancel);
        CancelledByUs = true;
        ResetCode = Http2ErrorCode.Cancel;
        Finish(ExchangeEnd.Reset);
    }

    private bool NotAfterEnd(string what)
    {
        if (End == ExchangeEnd.None)
        {
            return true;
        }

        EventsAfterEnd.Add(what);
        return false;
    }

    private void Finish(ExchangeEnd end)
    {
        if (end != ExchangeEnd.None)
        {
            End = end;
            _ended.TrySetResult();
        }
    }

    private static void Collect(Ht2Headers headers, Dictionary<string, string> into)
    {
        for (int i = 0; i < headers.Count; i++)
        {
            into.TryAdd(Encoding.ASCII.GetString(headers.GetName(i)), Encoding.ASCII.GetString(headers.GetValue(i)));
        }
    }
}

using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Conformance.Tests.Harness;

// The reactions a test can await. Every one is bounded by Deadline and fails at once on a reaction that rules it
// out (a GOAWAY or RST_STREAM with another code, a close where a frame was due).
public sealed partial class RawConnection
{
    /// <summary>
    /// A connection error (RFC 9113 §5.4.1): GOAWAY with one of <paramref name="codes"/>, then the connection closes.
    /// Our server must send the GOAWAY; a bare close fails.
    /// </summary>
    public async Task<Frame> ExpectConnectionErrorAsync(params ErrorCode[] codes)
    {
        string what = $"GOAWAY({string.Join(" or ", codes)}) then close";
        Frame? goAway = await AwaitAsync(what, frame => frame switch
        {
            null => Verdict.Fail,
            { Type: FrameKind.GoAway } when codes.Contains(frame.Code) => Verdict.Match,
            { Type: FrameKind.GoAway } => Verdict.Fail,
            _ => Verdict.Wait,
        }).ConfigureAwait(false);
        await ExpectCloseAsync().ConfigureAwait(false);
        return goAway!;
    }

    /// <summary>
    /// A connection error where the RFC lets the GOAWAY be omitted (an invalid preface, RFC 9113 §3.4): GOAWAY with
    /// the code then close, or a close alone.
    /// </summary>
    public async Task ExpectConnectionErrorOrCloseAsync(ErrorCode code)
    {
        await AwaitAsync($"GOAWAY({code}) or close", frame => frame switch
        {
            null => Verdict.Match,
            { Type: FrameKind.GoAway } when frame.Code == code => Verdict.Match,
            { Type: FrameKind.GoAway } => Verdict.Fail,
            _ => Verdict.Wait,
        }).ConfigureAwait(false);
        await ExpectCloseAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// A stream error (RFC 9113 §5.4.2): RST_STREAM on <paramref name="streamId"/> with one of the codes. Also
    /// accepted: GOAWAY with one of the codes then close, because §5.4 lets an endpoint treat any stream error as a
    /// connection error. Returns true when the reaction was that connection error (the connection is gone).
    /// </summary>
    public async Task<bool> ExpectStreamErrorAsync(uint streamId, params ErrorCode[] codes)
    {
        string what = $"RST_STREAM(stream {streamId}, {string.Join(" or ", codes)}) or GOAWAY with that code";
        Frame? frame = await AwaitAsync(what, frame => frame switch
        {
            null => Verdict.Fail,
            { Type: FrameKind.RstStream } when frame.StreamId == streamId => codes.Contains(frame.Code) ? Verdict.Match : Verdict.Fail,
            { Type: FrameKind.GoAway } => codes.Contains(frame.Code) ? Verdict.Match : Verdict.Fail,
            _ => Verdict.Wait,
        }, streamId).ConfigureAwait(false);
        if (frame!.Type != FrameKind.GoAway)
        {
            return false;
        }

        await ExpectCloseAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Strictly a RST_STREAM on <paramref name="streamId"/> with <paramref name="code"/>.</summary>
    public Task ExpectRstStreamAsync(uint streamId, ErrorCode code) =>
        AwaitAsync($"RST_STREAM(stream {streamId}, {code})", frame => frame switch
        {
            null => Verdict.Fail,
            { Type: FrameKind.RstStream } when frame.StreamId == streamId => frame.Code == code ? Verdict.Match : Verdict.Fail,
            { Type: FrameKind.GoAway } => Verdict.Fail,
            _ => Verdict.Wait,
        }, streamId);

    /// <summary>Response headers on the stream: a HEADERS whose first field is :status (see <see cref="ResponseBlock"/>).</summary>
    public async Task<Frame> ExpectResponseAsync(uint streamId)
    {
        Frame? headers = await AwaitOnStreamAsync(streamId, $"response HEADERS with :status on stream {streamId}", frame => frame.Type switch
        {
            FrameKind.Headers => ResponseBlock.StartsWithStatus(frame) ? Verdict.Match : Verdict.Fail,
            _ => Verdict.Wait,
        }).ConfigureAwait(false);
        return headers!;
    }

    /// <summary>A whole response: headers with :status, then frames on the stream up to END_STREAM; returns the DATA bytes.</summary>
    public async Task<int> ExpectCompleteResponseAsync(uint streamId)
    {
        Frame headers = await ExpectResponseAsync(streamId).ConfigureAwait(false);
        if (headers.Has(FrameFlag.EndStream))
        {
            return 0;
        }

        int body = 0;
        await AwaitOnStreamAsync(streamId, $"the rest of the response on stream {streamId} up to END_STREAM", frame =>
        {
            if (frame.Type == FrameKind.Data)
            {
                body += DataLength(frame);
            }

            return frame.Type is FrameKind.Data or FrameKind.Headers && frame.Has(FrameFlag.EndStream) ? Verdict.Match : Verdict.Wait;
        }).ConfigureAwait(false);
        return body;
    }

    /// <summary>DATA on the stream until <paramref name="total"/> payload bytes arrived; fails if one frame would exceed it.</summary>
    public async Task ExpectDataAsync(uint streamId, int total)
    {
        int received = 0;
        await AwaitOnStreamAsync(streamId, $"{total} bytes of DATA on stream {streamId}", frame =>
        {
            if (frame.Type != FrameKind.Data)
            {
                return Verdict.Wait;
            }

            received += frame.Payload.Length;
            return received == total ? Verdict.Match : received > total ? Verdict.Fail : Verdict.Wait;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The connection is healthy: a PING sent now is acknowledged with its payload, and before that ack no GOAWAY,
    /// no RST_STREAM and no close arrives.
    /// </summary>
    public async Task ExpectHealthyAsync()
    {
        byte[] opaque = [0x68, 0x74, 0x32, 0x2d, 0x70, 0x69, 0x6e, 0x67];
        await SendAsync(Frames.Ping(opaque)).ConfigureAwait(false);
        await ExpectPingAckAsync(opaque).ConfigureAwait(false);
    }

    /// <summary>A PING ACK echoing <paramref name="opaque"/>; a GOAWAY, RST_STREAM or close before it fails.</summary>
    public Task ExpectPingAckAsync(byte[] opaque) =>
        AwaitAsync($"PING ACK with payload {Convert.ToHexString(opaque)}", frame => frame switch
        {
            null or { Type: FrameKind.GoAway } or { Type: FrameKind.RstStream } => Verdict.Fail,
            { Type: FrameKind.Ping } when frame.Has(FrameFlag.Ack) => frame.Payload.AsSpan().SequenceEqual(opaque) ? Verdict.Match : Verdict.Fail,
            _ => Verdict.Wait,
        });

    /// <summary>A SETTINGS ACK (empty payload, stream 0).</summary>
    public Task ExpectSettingsAckAsync() =>
        AwaitAsync("SETTINGS ACK", frame => frame switch
        {
            null or { Type: FrameKind.GoAway } => Verdict.Fail,
            { Type: FrameKind.Settings } when frame.Has(FrameFlag.Ack) => frame.Payload.Length == 0 && frame.StreamId == 0 ? Verdict.Match : Verdict.Fail,
            _ => Verdict.Wait,
        });

    /// <summary>The connection closes (frames before the close are ignored).</summary>
    public Task ExpectCloseAsync() => AwaitAsync("the connection to close", frame => frame is null ? Verdict.Match : Verdict.Wait);

    /// <summary>The content length of a DATA frame: the payload less the pad length octet and the padding.</summary>
    private static int DataLength(Frame frame) =>
        frame.Has(FrameFlag.Padded) ? frame.Payload.Length - 1 - frame.Payload[0] : frame.Payload.Length;

    /// <summary>
    /// Waits for a frame on the stream that <paramref name="judge"/> accepts; a close, a GOAWAY or a RST_STREAM on
    /// the stream ends the wait as a failure.
    /// </summary>
    private Task<Frame?> AwaitOnStreamAsync(uint streamId, string what, Func<Frame, Verdict> judge) =>
        AwaitAsync(what, frame => frame switch
        {
            null or { Type: FrameKind.GoAway } => Verdict.Fail,
            { Type: FrameKind.RstStream } when frame.StreamId == streamId => Verdict.Fail,
            _ when frame.StreamId == streamId => judge(frame),
            _ => Verdict.Wait,
        }, streamId);
}

using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Samples;

namespace Ht2.H2cClient;

/// <summary>
/// Fetches one URL over cleartext HTTP/2 with prior knowledge, built only on Ht2.Runtime: preface + SETTINGS,
/// one GET on stream 1, every frame read through <see cref="Ht2Connection.ReadFrameAsync"/>, response headers
/// decoded with <see cref="HpackDecoder"/>, and WINDOW_UPDATE (connection and stream) as DATA is consumed.
/// </summary>
public static class H2cClient
{
    private const uint StreamId = 1;

    // We keep the RFC's default receive windows (65535) on purpose, so a large body exercises WINDOW_UPDATE.
    private const int ReceiveWindow = 65_535;

    // Credit goes back once half a window is consumed: fewer frames than one WINDOW_UPDATE per DATA, never a stall.
    private const int UpdateThreshold = ReceiveWindow / 2;

    /// <summary>GETs <paramref name="uri"/> (http only) and copies the body to <paramref name="body"/> (null: discard).</summary>
    /// <exception cref="Ht2ProtocolException">The server broke the protocol (we sent GOAWAY with the code) or reset the stream.</exception>
    /// <exception cref="IOException">The connection ended before the response did.</exception>
    public static async Task<H2cResponse> GetAsync(Uri uri, Stream? body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException("Only http:// (h2c with prior knowledge) is supported.", nameof(uri));
        }

        IPAddress[] addresses = await Dns.GetHostAddressesAsync(uri.Host, cancellationToken).ConfigureAwait(false);
        using Socket socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(addresses, uri.Port, cancellationToken).ConfigureAwait(false);

        // Large response header blocks (many CONTINUATIONs) are what the interop tests ask for: raise the caps.
        Ht2ConnectionOptions options = new()
        {
            Reader = new FrameReaderOptions { MaxHeaderBlockBytes = 1024 * 1024, MaxContinuationFrames = 128 },
        };
        using Ht2Connection connection = new(socket, options);
        ResponseReader reader = new(connection, body ?? Stream.Null);
        try
        {
            connection.WriteClientPreface([new SettingsEntry(SettingsParameter.EnablePush, 0)]);
            connection.SendHeaders(StreamId, RequestBlock.Encode(uri), endStream: true);
            H2cResponse response = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            connection.SendGoAway(StreamId, Http2ErrorCode.NoError);
            return response;
        }
        catch (Ht2ProtocolException e) when (e.IsConnectionError)
        {
            TrySendGoAway(connection, e.ErrorCode);
            throw;
        }
    }

    private static void TrySendGoAway(Ht2Connection connection, Http2ErrorCode code)
    {
        try
        {
            connection.SendGoAway(0, code);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The read side of one GET: frames until the response's END_STREAM.</summary>
    private sealed class ResponseReader(Ht2Connection connection, Stream body)
    {
        private readonly HpackDecoder _decoder = new();
        private readonly HeaderBlockBuffer _block = new();
        private ResponseHeaders _headers = new() { ContentLength = -1 };
        private bool _blockEndsStream;
        private bool _haveHeaders;
        private long _bodyBytes;
        private int _unacknowledged;

        public async Task<H2cResponse> ReadAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                ReceivedFrame frame = await connection.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
                if (frame.IsEndOfStream)
                {
                    throw new IOException("The server closed the connection before the response ended.");
                }

                bool ended = frame.Type switch
                {
                    FrameType.Headers => OnHeaders(frame),
                    FrameType.Continuation => OnContinuation(frame),
                    FrameType.Data => await OnDataAsync(frame, cancellationToken).ConfigureAwait(false),
                    FrameType.RstStream => OnReset(frame),
                    FrameType.GoAway => OnGoAway(frame),
                    _ => false,
                };
                if (ended)
                {
                    return new H2cResponse(_headers.Status, _bodyBytes, _headers.Fields, _headers.Bytes, _headers.ContentLength);
                }
            }
        }

        private bool OnHeaders(ReceivedFrame frame)
        {
            HeadersFrame headers = frame.Parse<HeadersFrame>(out ReadOnlySpan<byte> fragment);
            _block.Clear();
            _block.Append(fragment);
            _blockEndsStream = headers.Flags.HasFlag(FrameFlags.EndStream);
            return headers.Flags.HasFlag(FrameFlags.EndHeaders) && OnBlock(frame.StreamId);
        }

        private bool OnContinuation(ReceivedFrame frame)
        {
            _block.Append(frame.Payload.Span);
            return frame.Header.HasFlag(FrameFlags.EndHeaders) && OnBlock(frame.StreamId);
        }

        private bool OnBlock(uint streamId)
        {
            // Decoded whatever the stream, so the dynamic table follows the server's encoder. The first block is
            // the response; a later one is trailers, decoded into a throwaway handler.
            if (!_haveHeaders && streamId == StreamId)
            {
                _decoder.Decode(_block.Block, ref _headers);
                _haveHeaders = true;
            }
            else
            {
                ResponseHeaders ignored = default;
                _decoder.Decode(_block.Block, ref ignored);
            }

            return streamId == StreamId && _blockEndsStream;
        }

        private async ValueTask<bool> OnDataAsync(ReceivedFrame frame, CancellationToken cancellationToken)
        {
            DataFrame data = frame.Parse<DataFrame>(out _);
            bool ended = data.Flags.HasFlag(FrameFlags.EndStream);

            // The variable part without the pad length octet and padding; the payload memory is valid until the next read.
            ReadOnlyMemory<byte> content = frame.Payload.Slice(data.FixedLength, frame.Payload.Length - data.FixedLength - data.PaddingLength);
            await body.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            _bodyBytes += content.Length;

            // Flow control counts the whole payload, padding included (RFC 9113 §6.9.1).
            _unacknowledged += frame.Header.Length;
            if (!ended && _unacknowledged >= UpdateThreshold)
            {
                using Ht2Batch batch = await connection.BeginBatchAsync(cancellationToken).ConfigureAwait(false);
                batch.Add(new WindowUpdateFrame { StreamId = 0, WindowSizeIncrement = (uint)_unacknowledged });
                batch.Add(new WindowUpdateFrame { StreamId = StreamId, WindowSizeIncrement = (uint)_unacknowledged });
                await batch.SendAsync(cancellationToken).ConfigureAwait(false);
                _unacknowledged = 0;
            }

            return ended;
        }

        private static bool OnReset(ReceivedFrame frame)
        {
            RstStreamFrame reset = frame.Parse<RstStreamFrame>(out _);
            throw new Ht2ProtocolException(reset.ErrorCode, ErrorScope.Stream, frame.StreamId, "The server reset the stream.");
        }

        private static bool OnGoAway(ReceivedFrame frame)
        {
            GoAwayFrame goAway = frame.Parse<GoAwayFrame>(out _);
            if (goAway.ErrorCode != Http2ErrorCode.NoError || goAway.LastStreamId < StreamId)
            {
                throw new Ht2ProtocolException(goAway.ErrorCode, ErrorScope.Connection, 0, $"The server sent GOAWAY (last stream {goAway.LastStreamId}).");
            }

            return false;
        }
    }
}

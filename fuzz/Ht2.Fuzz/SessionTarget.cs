using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Fuzz;

/// <summary>
/// Target <c>session</c>: an <see cref="Ht2Session"/> (server or client role) over in-memory pipes, handed a valid
/// preface and SETTINGS exchange, then the input's bytes in seeded chunks, then end of stream. The session must end
/// by itself (no hang: the wait is bounded, and AFL++'s timeout catches a spin), its completion must not fault (a
/// fault is a bug, never a peer's doing), everything it wrote must read back as valid frames, and its output and
/// handler events must stay within a fixed multiple of the input (no amplification, bounded work per byte).
/// </summary>
/// <remarks>
/// Control byte: bit 0 picks the client role (which opens one request stream first), bits 1..3 seed the chunk
/// sizes, bit 4 selects tight limits (2 concurrent streams, 256-byte header lists, 2 CONTINUATIONs, 512-byte blocks), bit 5
/// makes the handler give DATA credit back itself, bit 6 answers requests with a body larger than the initial windows.
/// </remarks>
public static class SessionTarget
{
    /// <summary>How long one input may take before the target calls it a hang (outside AFL++, which has its own timeout).</summary>
    public static TimeSpan HangBound { get; set; } = TimeSpan.FromSeconds(10);

    private static readonly byte[] ClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    // An empty SETTINGS frame, then a SETTINGS ACK (RFC 9113 §6.5): the peer's half of the handshake.
    private static readonly byte[] PeerSettings = [0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0];

    private static readonly Ht2Field[] Request =
    [
        new(":method"u8.ToArray(), "GET"u8.ToArray()),
        new(":scheme"u8.ToArray(), "http"u8.ToArray()),
        new(":path"u8.ToArray(), "/"u8.ToArray()),
        new(":authority"u8.ToArray(), "fuzz"u8.ToArray()),
    ];

    private static readonly Ht2SessionOptions Tight = TightLimits(consumeDataOnReceive: true);

    private static readonly Ht2SessionOptions ConsumeByHand = new() { ConsumeDataOnReceive = false };

    private static readonly Ht2SessionOptions TightByHand = TightLimits(consumeDataOnReceive: false);

    /// <summary>Runs one input; throws <see cref="FuzzFailure"/> when the session breaks a rule of the target.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte control = input[0];
        bool client = (control & 1) != 0;
        byte[] bytes = input.Slice(1).ToArray();
        PipeOptions options = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, useSynchronizationContext: false);
        Pipe toSession = new(options);
        Pipe fromSession = new(options);
        Ht2SessionOptions? sessionOptions = (control & 0x30) switch
        {
            0x10 => Tight,
            0x20 => ConsumeByHand,
            0x30 => TightByHand,
            _ => null,
        };
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        SynchronizationContext? outer = SynchronizationContext.Current;
        InlineContext context = new();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            Exchange(bytes, control, client, toSession, fromSession, context, sessionOptions);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(outer);
        }

        // Managed memory: what one connection allocates must stay within a fixed multiple of what the peer sent.
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        LastAllocated = allocated;
        FuzzFailure.Check(allocated <= AllocationBound(bytes.Length), $"the session allocated {allocated} bytes for {bytes.Length} input bytes");
    }

    /// <summary>Bytes allocated by the last input (the check's measure, for the replay tests and tuning).</summary>
    public static long LastAllocated { get; private set; }

    /// <summary>The most one input may allocate: the session's buffers plus a fixed multiple of its length.</summary>
    public static long AllocationBound(int inputLength) => (16L << 20) + 256L * inputLength;

    private static void Exchange(byte[] bytes, byte control, bool client, Pipe toSession, Pipe fromSession, InlineContext context, Ht2SessionOptions? sessionOptions)
    {
        SessionHandler handler = new(longBody: (control & 0x40) != 0, consumeByHand: (control & 0x20) != 0);
        DuplexPipe transport = new(toSession.Reader, fromSession.Writer);
        Ht2Session session = client
            ? Ht2Session.CreateClient(transport, handler, sessionOptions, FrozenTime.Instance)
            : Ht2Session.CreateServer(transport, handler, sessionOptions, FrozenTime.Instance);
        Task completion = session.RunAsync();
        context.Pump();
        if (client)
        {
            Send(toSession.Writer, PeerSettings);
            session.OpenStream(Request, endStream: true);
        }
        else
        {
            Send(toSession.Writer, ClientPreface);
            Send(toSession.Writer, PeerSettings);
        }

        Random random = new(control >> 1 & 7);
        for (int offset = 0; offset < bytes.Length;)
        {
            int take = Math.Min(bytes.Length - offset, random.Next(1, 600));
            Send(toSession.Writer, bytes.AsSpan(offset, take));
            context.Pump();
            offset += take;
        }

        toSession.Writer.Complete();
        context.Pump();
        try
        {
            if (!completion.Wait(HangBound))
            {
                throw new FuzzFailure($"the session did not end within {HangBound} after end of stream");
            }
        }
        catch (AggregateException e)
        {
            throw new FuzzFailure($"the session faulted: {e.InnerException}");
        }

        FuzzFailure.Check(handler.Unexpected is null, $"answering a fresh request threw {handler.Unexpected}");
        FuzzFailure.Check(session.ActiveStreamCount == 0, $"{session.ActiveStreamCount} streams still active after the session ended");
        long written = CheckOutput(fromSession.Reader, client);
        long bound = 4096 + 16L * bytes.Length + (long)handler.Requests * (handler.BodyLength + 64);
        FuzzFailure.Check(written <= bound, $"the session wrote {written} bytes for {bytes.Length} input bytes");
        FuzzFailure.Check(handler.Events <= 8 + bytes.Length, $"{handler.Events} handler events for {bytes.Length} input bytes");
    }

    private static Ht2SessionOptions TightLimits(bool consumeDataOnReceive) => new()
    {
        MaxConcurrentStreams = 2,
        MaxHeaderListSize = 256,
        MaxContinuationFrames = 2,
        MaxHeaderBlockBytes = 512,
        ClosedStreamMemory = 4,
        MaxQueuedControlFrames = 16,
        ConsumeDataOnReceive = consumeDataOnReceive,
    };

    private static void Send(PipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.Write(bytes);
        ValueTask<FlushResult> flush = writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            flush.AsTask().Wait(HangBound);
        }
    }

    // Everything the session wrote must be a sequence of frames our reader accepts (preface first for a client),
    // its header blocks contiguous (nothing between HEADERS and its CONTINUATIONs) and each decodable by HPACK.
    private static long CheckOutput(PipeReader reader, bool client)
    {
        FuzzFailure.Check(reader.TryRead(out ReadResult result), "the session wrote nothing, not even its SETTINGS");
        ReadOnlySequence<byte> output = result.Buffer;
        long length = output.Length;
        if (client)
        {
            FuzzFailure.Check(output.Length >= ClientPreface.Length && output.Slice(0, ClientPreface.Length).ToArray().AsSpan().SequenceEqual(ClientPreface), "the client did not start with the preface");
            output = output.Slice(ClientPreface.Length);
        }

        FrameReaderOptions any = new() { LocalMaxFrameSize = FrameReaderOptions.MaxMaxFrameSize, MaxContinuationFrames = int.MaxValue, MaxHeaderBlockBytes = int.MaxValue };
        HeaderBlockSequencer sequencer = new(any);
        HpackDecoder decoder = new(int.MaxValue);
        ArrayBufferWriter<byte> block = new();
        while (!output.IsEmpty)
        {
            FrameReadStatus status = FrameReader.TryReadFrame(output, any, out FrameHeader header, out ReadOnlySequence<byte> payload, out SequencePosition consumed, out FrameError error);
            FuzzFailure.Check(status == FrameReadStatus.Complete, $"the session wrote a frame the reader refuses ({status}): {header} {error.Code} {error.Reason}");
            FrameError order = sequencer.TryAccept(header);
            FuzzFailure.Check(!order.IsError, $"the session broke header-block order: {header} {order.Reason}");
            CollectBlock(header, payload.ToArray(), block, decoder);
            output = output.Slice(consumed);
        }

        FuzzFailure.Check(!sequencer.IsBlockOpen, "the session's output ends inside a header block");
        reader.AdvanceTo(result.Buffer.End);
        return length;
    }

    private static void CollectBlock(FrameHeader header, byte[] payload, ArrayBufferWriter<byte> block, HpackDecoder decoder)
    {
        switch (header.Type)
        {
            case FrameType.Headers:
                HeadersFrame.TryParse(header, payload, out _, out ReadOnlySpan<byte> headersFragment, out _);
                block.Write(headersFragment);
                break;
            case FrameType.PushPromise:
                PushPromiseFrame.TryParse(header, payload, out _, out ReadOnlySpan<byte> promiseFragment, out _);
                block.Write(promiseFragment);
                break;
            case FrameType.Continuation:
                block.Write(payload);
                break;
            default:
                return;
        }

        if (header.HasFlag(FrameFlags.EndHeaders))
        {
            FieldList fields = FieldList.Create();
            try
            {
                decoder.Decode(block.WrittenSpan, ref fields);
            }
            catch (Ht2ProtocolException e)
            {
                throw new FuzzFailure($"the session wrote a header block HPACK cannot decode: {e.Reason} {Convert.ToHexString(block.WrittenSpan)}");
            }

            block.ResetWrittenCount();
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

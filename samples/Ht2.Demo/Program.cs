using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ht2;
using Ht2.Demo;

// Sends the same mixed batches of HTTP/2 frames over TCP loopback twice: once with one Socket.Send per frame,
// once with Ht2 (a MultiFrameWriter per connection, one writev per batch). The receiving side parses and verifies every
// frame. Prints frames, bytes, system calls, time, bytes allocated by the sender, and the speed-up.
// Exits 1 when any frame fails verification.
var batch = new MixedBatch(smallBody: 64, largeBody: 4096);
(int Frames, int Batches)[] shapes = [(10, 4000), (50, 1000), (1000, 50)];

Console.WriteLine($"{"batch",6} {"method",-20} {"frames",8} {"bytes",12} {"syscalls",9} {"time ms",9} {"alloc B",8} {"speed-up",9}");
bool ok = true;
foreach ((int frames, int batches) in shapes)
{
    Result naive = Run(batch, frames, batches, ht2: false);
    Result ht2 = Run(batch, frames, batches, ht2: true);
    ok &= Report(frames, "one Send per frame", naive, null) & Report(frames, "Ht2 MultiFrameWriter", ht2, naive);
}

Console.WriteLine(ok ? "every frame verified" : "VERIFICATION FAILED");
return ok ? 0 : 1;

static bool Report(int frames, string method, Result r, Result? baseline)
{
    string speedUp = baseline is { } b ? $"{b.Elapsed.TotalMilliseconds / r.Elapsed.TotalMilliseconds,8:F1}x" : "";
    Console.WriteLine($"{frames,6} {method,-20} {r.Frames,8} {r.Bytes,12} {r.SystemCalls,9} {r.Elapsed.TotalMilliseconds,9:F1} {r.Allocated,8} {speedUp,9}");
    if (r.Failure is not null)
    {
        Console.Error.WriteLine($"  {method}: {r.Failure}");
    }

    return r.Failure is null;
}

static Result Run(MixedBatch batch, int framesPerBatch, int batches, bool ht2)
{
    using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    listener.Listen(1);
    using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    client.Connect(listener.LocalEndPoint!);
    using Socket server = listener.Accept();

    // One warm-up batch outside the measurement (JIT, pool, socket buffers), verified like the rest.
    var receiver = new Receiver(server, batch, (long)framesPerBatch * (batches + 1));
    var scratch = new byte[64 * 1024];
    long index = 0;
    long bytes = 0;
    var naive = new OneSendPerFrame(client, scratch);
    using var writer = new MultiFrameWriter();
    index = SendBatch(batch, client, ref naive, writer, index, framesPerBatch, ht2, ref bytes);

    bytes = 0;
    long sendsBefore = naive.Sends;
    long writevBefore = VectoredIO.SystemCallsOnCurrentThread;
    long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    long started = Stopwatch.GetTimestamp();
    for (int b = 0; b < batches; b++)
    {
        index = SendBatch(batch, client, ref naive, writer, index, framesPerBatch, ht2, ref bytes);
    }

    TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
    long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    long calls = ht2 ? VectoredIO.SystemCallsOnCurrentThread - writevBefore : naive.Sends - sendsBefore;
    receiver.Join();
    return new Result((long)framesPerBatch * batches, bytes, calls, elapsed, allocated, receiver.Failure);
}

static long SendBatch(MixedBatch batch, Socket client, ref OneSendPerFrame naive, MultiFrameWriter writer, long index, int frames, bool ht2, ref long bytes)
{
    if (!ht2)
    {
        for (int i = 0; i < frames; i++)
        {
            batch.Visit(index++, ref naive);
        }

        return Count(batch, index - frames, frames, ref bytes);
    }

    var add = new AddToWriter(writer);
    for (int i = 0; i < frames; i++)
    {
        batch.Visit(index++, ref add);
    }

    bytes += writer.FlushTo(client); // one writev per 1024 iovecs; the writer is reset and reused
    return index;
}

static long Count(MixedBatch batch, long first, int frames, ref long bytes)
{
    var counter = new LengthCounter();
    for (long i = first; i < first + frames; i++)
    {
        batch.Visit(i, ref counter);
    }

    bytes += counter.Bytes;
    return first + frames;
}

internal readonly record struct Result(long Frames, long Bytes, long SystemCalls, TimeSpan Elapsed, long Allocated, string? Failure);

internal struct LengthCounter : IFrameSink
{
    public long Bytes;

    public void Frame<TFrame>(in TFrame frame, ReadOnlyMemory<byte> variablePart)
        where TFrame : struct, IHt2Frame<TFrame>
        => Bytes += FrameHeader.Size + frame.GetPayloadLength(variablePart.Length);
}

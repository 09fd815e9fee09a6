using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Ht2.Testing;
using Ht2.Tests.Session;

namespace Ht2.Tests.IO;

/// <summary>
/// Sessions whose PipeReaders hold every byte in 7-byte segments: each frame header and payload straddles segments,
/// so reading in place and gathering a split payload are both crossed on every frame.
/// </summary>
public sealed class PipeSegmentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private const int SegmentLength = 7;

    /// <summary>A pool of 7-byte blocks: a pipe built on it cuts what is written in 7-byte pieces into 7-byte segments.</summary>
    private sealed class TinyPool : MemoryPool<byte>
    {
        public override int MaxBufferSize => SegmentLength;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Block();

        protected override void Dispose(bool disposing)
        {
        }

        private sealed class Block : IMemoryOwner<byte>
        {
            public Memory<byte> Memory { get; } = new byte[SegmentLength];

            public void Dispose()
            {
            }
        }
    }

    private sealed class EchoServer : Ht2SessionHandler
    {
        private readonly MemoryStream _body = new();

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            // The body follows in DATA frames; the response goes out once it has ended.
        }

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
        {
            _body.Write(data);
            if (endStream)
            {
                stream.SendHeaders([new(":status"u8.ToArray(), "200"u8.ToArray()), new("x-echo"u8.ToArray(), System.Text.Encoding.ASCII.GetBytes(new string('a', 3000)))], endStream: false);
                _ = stream.SendDataAsync(_body.ToArray(), endStream: true);
            }
        }
    }

    [Fact]
    public async Task A_body_crosses_pipes_whose_segments_hold_seven_bytes()
    {
        Pipe clientOut = new();
        Pipe serverIn = new(new PipeOptions(pool: new TinyPool(), minimumSegmentSize: SegmentLength));
        Pipe serverOut = new();
        Pipe clientIn = new(new PipeOptions(pool: new TinyPool(), minimumSegmentSize: SegmentLength));
        Task up = PumpInPiecesAsync(clientOut.Reader, serverIn.Writer);
        Task down = PumpInPiecesAsync(serverOut.Reader, clientIn.Writer);

        BodyCollector collector = new();
        // A clock that never moves: on a loaded machine no session timeout may end the exchange under test.
        Ht2.Tests.Session.FakeTime time = new();
        Ht2Session server = Ht2Session.CreateServer(new DuplexPipe(serverIn.Reader, serverOut.Writer), new EchoServer(), time: time);
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Ht2Session client = Ht2Session.CreateClient(new DuplexPipe(clientIn.Reader, clientOut.Writer), collector, time: time);
        await using BoundedDisposal clientDisposal = client.DisposedWithin(Bound);
        Task serverRun = server.RunAsync();
        Task clientRun = client.RunAsync();

        byte[] body = new byte[50_000];
        new Random(11).NextBytes(body);
        Ht2Field[] request =
        [
            new(":method"u8.ToArray(), "POST"u8.ToArray()),
            new(":scheme"u8.ToArray(), "http"u8.ToArray()),
            new(":path"u8.ToArray(), "/echo"u8.ToArray()),
            new(":authority"u8.ToArray(), "pipe"u8.ToArray()),
        ];
        Ht2Stream stream = client.OpenStream(request, endStream: false)!;
        await stream.SendDataAsync(body, endStream: true).AsTask().Within(Bound);

        byte[] echoed = await collector.Done.Task.Within(Bound);
        Assert.True(echoed.AsSpan().SequenceEqual(body), "the echoed body differs");

        client.Shutdown();
        await clientRun.Within(Bound);
        await serverRun.Within(Bound);
        await up.Within(Bound);
        await down.Within(Bound);
    }

    /// <summary>Copies everything from <paramref name="from"/> to <paramref name="to"/> 7 bytes per GetSpan/Advance, flushing after each read.</summary>
    private static async Task PumpInPiecesAsync(PipeReader from, PipeWriter to)
    {
        try
        {
            while (true)
            {
                ReadResult result = await from.ReadAsync();
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    for (int at = 0; at < segment.Length; at += SegmentLength)
                    {
                        ReadOnlySpan<byte> piece = segment.Span.Slice(at, Math.Min(SegmentLength, segment.Length - at));
                        piece.CopyTo(to.GetSpan(piece.Length));
                        to.Advance(piece.Length);
                    }
                }

                from.AdvanceTo(result.Buffer.End);
                FlushResult flushed = await to.FlushAsync();
                if (result.IsCompleted || flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The session completed the pipe end we read or write: the connection is over.
        }

        await from.CompleteAsync();
        await to.CompleteAsync();
    }
}

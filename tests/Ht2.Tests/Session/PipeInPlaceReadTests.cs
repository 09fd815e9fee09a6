using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Ht2.Tests.IO;

namespace Ht2.Tests.Session;

/// <summary>
/// Over a pipe, a payload that sits in one of the pipe's segments reaches the handler where the pipe holds it (no
/// copy); only a payload that straddles segments is gathered into a buffer of its own.
/// </summary>
public sealed class PipeInPlaceReadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_payload_within_one_segment_is_read_in_place_and_one_across_segments_is_gathered()
    {
        SegmentPool pool = new();
        Pipe input = new(new PipeOptions(pool: pool, minimumSegmentSize: 4096, useSynchronizationContext: false));
        Pipe output = new();
        PlaceRecorder handler = new(pool);
        Ht2Session server = Ht2Session.CreateServer(new DuplexPipe(input.Reader, output.Writer), handler, null, new FakeTime());
        Task run = server.RunAsync();

        // 100 bytes in one write (one segment), then 6,000 bytes: more than a 4 KiB segment holds, so it straddles two.
        byte[] small = new byte[100];
        byte[] large = new byte[6_000];
        await input.Writer.WriteAsync(Wire.Concat(Wire.Preface, Wire.Settings(), Wire.SettingsAck,
            Wire.Headers(1, Wire.PostBlock, endStream: false), Wire.Frame(WireFrame.Data, 0, 1, small))).AsTask().Within(Bound);
        await handler.Next.Task.Within(Bound, what: "the first DATA");
        handler.Next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await input.Writer.WriteAsync(Wire.Frame(WireFrame.Data, Wire.EndStream, 1, large)).AsTask().Within(Bound);
        await handler.Next.Task.Within(Bound, what: "the second DATA");

        Assert.Equal([(100, true), (6_000, false)], handler.Places);
        await Task.Run(async () => await server.DisposeAsync().ConfigureAwait(false)).Within(Bound, what: "the session's disposal");
        await run.Within(Bound);
    }

    /// <summary>Records each DATA payload's length and whether it lies in one of the pipe's segments.</summary>
    private sealed class PlaceRecorder(SegmentPool pool) : Ht2SessionHandler
    {
        public List<(int Length, bool InPlace)> Places { get; } = new();

        public TaskCompletionSource Next { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
        }

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
        {
            Places.Add((data.Length, pool.Holds(data)));
            Next.TrySetResult();
        }
    }

    /// <summary>A memory pool of pinned arrays it remembers, so a span can be told to lie in one of them.</summary>
    private sealed class SegmentPool : MemoryPool<byte>
    {
        private readonly List<byte[]> _arrays = new();

        public override int MaxBufferSize => 4096;

        public bool Holds(ReadOnlySpan<byte> span)
        {
            lock (_arrays)
            {
                foreach (byte[] array in _arrays)
                {
                    nint offset = Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(array), ref MemoryMarshal.GetReference(span));
                    if (offset >= 0 && offset + span.Length <= array.Length)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
        {
            byte[] array = GC.AllocateArray<byte>(Math.Max(minBufferSize, 4096), pinned: true);
            lock (_arrays)
            {
                _arrays.Add(array);
            }

            return new Owner(array);
        }

        protected override void Dispose(bool disposing)
        {
        }

        private sealed class Owner(byte[] array) : IMemoryOwner<byte>
        {
            public Memory<byte> Memory => array;

            public void Dispose()
            {
            }
        }
    }
}

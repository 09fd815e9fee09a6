using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Ht2.Tests.IO;

namespace Ht2.Tests.Session;

/// <summary>The two pipes of one connection, the session's ends and the test's (the peer's).</summary>
internal sealed class PipePeer
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly List<byte> _written = new();
    private int _offset;

    public PipePeer(bool inlineSchedulers)
        : this(inlineSchedulers
            ? new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false)
            : PipeOptions.Default)
    {
    }

    public PipePeer(PipeOptions inputOptions)
    {
        _input = new Pipe(inputOptions);
        _output = new Pipe(inputOptions.ReaderScheduler == PipeScheduler.Inline ? inputOptions : PipeOptions.Default);
        ServerSide = new DuplexPipe(_input.Reader, _output.Writer);
    }

    public IDuplexPipe ServerSide { get; }

    public async Task SendAsync(params byte[][] frames) =>
        await _input.Writer.WriteAsync(Wire.Concat(frames)).AsTask().Within(Bound);

    /// <summary>The peer closes its side: the session reads the end of the pipe.</summary>
    public void CompleteInput() => _input.Writer.Complete();

    /// <summary>Whether the session completed its reader: a flush of the input then reports completion.</summary>
    public async Task<bool> PeerInputIsCompletedAsync()
    {
        FlushResult result = await _input.Writer.FlushAsync().AsTask().Within(Bound);
        return result.IsCompleted;
    }

    /// <summary>Frames the session wrote, up to and including the first that <paramref name="last"/> accepts.</summary>
    public async Task<List<WireFrame>> ReadUntilAsync(Func<WireFrame, bool> last)
    {
        List<WireFrame> frames = new();
        WaitDeadline giveUp = WaitDeadline.Start(Bound);
        while (true)
        {
            (List<WireFrame> more, bool completed) = await ReadAsync(giveUp);
            foreach (WireFrame frame in more)
            {
                frames.Add(frame);
                if (last(frame))
                {
                    return frames;
                }
            }

            Assert.False(completed, "the session completed its output first");
        }
    }

    /// <summary>Every frame the session wrote until it completed its output.</summary>
    public async Task<List<WireFrame>> ReadToEndAsync()
    {
        List<WireFrame> frames = new();
        WaitDeadline giveUp = WaitDeadline.Start(Bound);
        while (true)
        {
            (List<WireFrame> more, bool completed) = await ReadAsync(giveUp);
            frames.AddRange(more);
            if (completed)
            {
                Assert.Equal(_written.Count, _offset); // no partial frame left
                return frames;
            }
        }
    }

    /// <summary>
    /// The frames of the next read. The readers above share one deadline for their whole wait, so a session that
    /// writes for ever fails the test instead of keeping the loop going.
    /// </summary>
    private async Task<(List<WireFrame> Frames, bool Completed)> ReadAsync(WaitDeadline giveUp)
    {
        giveUp.Check("the session's output to reach the expected point");
        ReadResult result = await _output.Reader.ReadAsync().AsTask().Within(Bound);
        foreach (ReadOnlyMemory<byte> segment in result.Buffer)
        {
            _written.AddRange(segment.ToArray());
        }

        _output.Reader.AdvanceTo(result.Buffer.End);
        return (Wire.Parse(_written.ToArray(), ref _offset), result.IsCompleted);
    }
}

using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>The peer's view of a session's output pipe: the frames it wrote, parsed by hand, read within a bound.</summary>
internal sealed class PipeOutput(PipeReader reader)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly List<byte> _written = new();
    private int _offset;

    /// <summary>Frames written up to the first that <paramref name="last"/> accepts, or to the end of the output (null).</summary>
    public async Task<List<WireFrame>> ReadUntilAsync(Func<WireFrame, bool>? last)
    {
        List<WireFrame> frames = new();
        WaitDeadline giveUp = WaitDeadline.Start(Bound);
        while (true)
        {
            giveUp.Check("the session's output");
            ReadResult result = await reader.ReadAsync().AsTask().Within(Bound, what: "the session's output");
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                _written.AddRange(segment.ToArray());
            }

            reader.AdvanceTo(result.Buffer.End);
            foreach (WireFrame frame in Wire.Parse(_written.ToArray(), ref _offset))
            {
                frames.Add(frame);
                if (last?.Invoke(frame) == true)
                {
                    return frames;
                }
            }

            if (result.IsCompleted)
            {
                Assert.True(last is null, "the session completed its output first");
                return frames;
            }
        }
    }
}

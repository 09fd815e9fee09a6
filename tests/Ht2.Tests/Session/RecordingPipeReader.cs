using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A PipeReader that records, for each AdvanceTo, how far into the buffer of the last read the session consumed and
/// examined; it notes a read made inside <see cref="ObservedTransport.RunAsync"/> and fails a read on request.
/// </summary>
internal sealed class RecordingPipeReader(PipeReader inner) : PipeReader
{
    private readonly object _lock = new();
    private readonly List<(long Consumed, long Examined, long Length)> _advances = new();
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadOnlySequence<byte> _last;

    /// <summary>Whether the session read on the stack of RunAsync.</summary>
    public bool ReadInsideRunAsync { get; private set; }

    /// <summary>Thrown by the next read.</summary>
    public Exception? ReadFailure { get; set; }

    /// <summary>Every AdvanceTo so far: the bytes consumed and examined, and the length of the buffer read.</summary>
    public List<(long Consumed, long Examined, long Length)> Advances
    {
        get
        {
            lock (_lock)
            {
                return new List<(long, long, long)>(_advances);
            }
        }
    }

    /// <summary>The first AdvanceTo after <paramref name="count"/> of them, waited for within a bound.</summary>
    public async Task<(long Consumed, long Examined, long Length)> AdvanceAsync(int count)
    {
        WaitDeadline giveUp = WaitDeadline.Start(ObservedSession.Bound);
        while (true)
        {
            giveUp.Check($"AdvanceTo number {count + 1}");
            Task advanced;
            lock (_lock)
            {
                if (_advances.Count > count)
                {
                    return _advances[count];
                }

                advanced = _advanced.Task;
            }

            await Task.WhenAny(advanced, Task.Delay(200)).ConfigureAwait(false);
        }
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ReadInsideRunAsync |= ObservedTransport.InsideRunAsync;
        if (ReadFailure is Exception failure)
        {
            throw failure;
        }

        ReadResult result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        _last = result.Buffer;
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        bool read = inner.TryRead(out result);
        _last = result.Buffer;
        return read;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        TaskCompletionSource advanced;
        lock (_lock)
        {
            _advances.Add((_last.Slice(_last.Start, consumed).Length, _last.Slice(_last.Start, examined).Length, _last.Length));
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        inner.AdvanceTo(consumed, examined);
        advanced.TrySetResult();
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);
}

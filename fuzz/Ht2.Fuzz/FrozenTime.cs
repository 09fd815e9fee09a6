using System;
using System.Threading;

namespace Ht2.Fuzz;

/// <summary>
/// A clock that never moves and timers that never fire: no deadline passes while an input runs, so every run of an
/// input takes the same path (AFL++ sees a stable target) and only the peer's bytes drive the session.
/// </summary>
public sealed class FrozenTime : TimeProvider
{
    /// <summary>The one instance.</summary>
    public static FrozenTime Instance { get; } = new();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override long GetTimestamp() => 1_000_000;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();

    private sealed class Never : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public System.Threading.Tasks.ValueTask DisposeAsync() => default;
    }
}

using System;
using System.Collections.Generic;
using System.Threading;

namespace Ht2.Tests.Session;

/// <summary>A TimeProvider whose clock moves only when the test calls <see cref="Advance"/>; due timers fire on that thread.</summary>
internal sealed class FakeTime : TimeProvider
{
    private readonly List<FakeTimer> _timers = new();
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        FakeTimer timer = new(this, callback, state);
        timer.Change(dueTime, period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Moves the clock forward in steps of at most one timer period, firing what falls due.</summary>
    public void Advance(TimeSpan by)
    {
        long end = GetTimestamp() + by.Ticks;
        while (true)
        {
            FakeTimer? next = null;
            lock (_timers)
            {
                foreach (FakeTimer timer in _timers)
                {
                    if (timer.Due >= 0 && timer.Due <= end && (next is null || timer.Due < next.Due))
                    {
                        next = timer;
                    }
                }
            }

            if (next is null)
            {
                break;
            }

            Interlocked.Exchange(ref _ticks, Math.Max(GetTimestamp(), next.Due));
            next.Fire();
        }

        Interlocked.Exchange(ref _ticks, end);
    }

    private sealed class FakeTimer(FakeTime owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period;

        public long Due { get; private set; } = -1;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? -1 : owner.GetTimestamp() + dueTime.Ticks;
            _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            return true;
        }

        public void Fire()
        {
            Due = _period > 0 ? Due + _period : -1;
            callback(state);
        }

        public void Dispose() => Due = -1;

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}

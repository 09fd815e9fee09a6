using System;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// The writer loop's wake-up on its own: one waiter, any number of setters, a set without a waiter remembered once,
/// the waiter resumed on the setter's thread. Every <see cref="WriteSignal.Set"/> runs on a pool thread within a
/// bound, so a set that never returns fails its test instead of holding the test host.
/// </summary>
public sealed class WriteSignalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Task SetAsync(WriteSignal signal) => Task.Run(signal.Set).Within(Bound, what: "WriteSignal.Set");

    [Fact]
    public async Task A_wait_with_no_set_before_it_stays_pending_until_the_set()
    {
        WriteSignal signal = new();
        ValueTask wait = signal.WaitAsync();
        Assert.False(wait.IsCompleted);

        await SetAsync(signal);
        Assert.True(wait.IsCompleted);
        await wait.Within(Bound);
    }

    [Fact]
    public async Task A_set_before_the_wait_completes_the_wait_synchronously_and_only_that_one()
    {
        WriteSignal signal = new();
        await SetAsync(signal);

        ValueTask first = signal.WaitAsync();
        Assert.True(first.IsCompleted);
        await first;

        Assert.False(signal.WaitAsync().IsCompleted);
    }

    [Fact]
    public async Task Sets_with_no_waiter_are_remembered_once()
    {
        WriteSignal signal = new();
        await SetAsync(signal);
        await SetAsync(signal);
        await SetAsync(signal);

        ValueTask first = signal.WaitAsync();
        Assert.True(first.IsCompleted);
        await first;

        ValueTask second = signal.WaitAsync();
        Assert.False(second.IsCompleted);
        await SetAsync(signal);
        await second.Within(Bound);
    }

    [Fact]
    public async Task The_waiter_resumes_on_the_setters_thread_before_the_set_returns()
    {
        WriteSignal signal = new();
        ValueTask wait = signal.WaitAsync();
        int resumedOn = 0;
        int setterThread = -1;

        // Registered from a pool thread: no synchronization context to post the continuation to.
        await Task.Run(() => wait.GetAwaiter().UnsafeOnCompleted(() => Volatile.Write(ref resumedOn, Environment.CurrentManagedThreadId)))
            .Within(Bound);

        await Task.Run(() =>
        {
            setterThread = Environment.CurrentManagedThreadId;
            signal.Set();
            Assert.Equal(setterThread, Volatile.Read(ref resumedOn));
        }).Within(Bound, what: "WriteSignal.Set");

        Assert.Equal(setterThread, Volatile.Read(ref resumedOn));
        await wait;
    }

    [Fact]
    public async Task After_a_wake_up_the_next_wait_waits_for_the_next_set()
    {
        WriteSignal signal = new();
        for (int round = 0; round < 3; round++)
        {
            ValueTask wait = signal.WaitAsync();
            Assert.False(wait.IsCompleted);
            await SetAsync(signal);
            Assert.True(wait.IsCompleted);
            await wait;
        }

        // A set while nobody waits, after the waiter had waited: remembered for the next wait, once.
        await SetAsync(signal);
        ValueTask remembered = signal.WaitAsync();
        Assert.True(remembered.IsCompleted);
        await remembered;
        Assert.False(signal.WaitAsync().IsCompleted);
    }

    [Fact]
    public async Task No_set_is_missed_by_a_waiter_racing_several_setters()
    {
        // Each setter publishes its work (a count) before its set; the waiter, woken, sees every count published
        // before the set that woke it, so it reaches the total only if no set was lost.
        const int Setters = 4;
        const int SetsEach = 20_000;
        WriteSignal signal = new();
        long published = 0;

        Task waiter = Task.Run(async () =>
        {
            while (Interlocked.Read(ref published) < Setters * SetsEach)
            {
                await signal.WaitAsync();
            }
        });
        Task[] setters = new Task[Setters];
        for (int i = 0; i < Setters; i++)
        {
            setters[i] = Task.Run(() =>
            {
                for (int n = 0; n < SetsEach; n++)
                {
                    Interlocked.Increment(ref published);
                    signal.Set();
                }
            });
        }

        await Task.WhenAll(setters).Within(Bound);
        await waiter.Within(Bound);
    }
}

using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Ht2.Tests;

/// <summary>
/// A background thread the test owns: an exception in it is kept and rethrown by <see cref="Join"/>, and
/// <see cref="Join"/> waits a bounded time, so a bug fails the test with a message instead of hanging the run or
/// taking the test host down with an unhandled exception.
/// </summary>
internal sealed class Worker
{
    /// <summary>Long enough for a loaded machine, short enough that a hang fails well inside any run timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Thread _thread;
    private readonly string _name;
    private ExceptionDispatchInfo? _failure;
    private int _osThreadId;

    private Worker(Action body, string name)
    {
        _name = name;
        _thread = new Thread(() =>
        {
            _osThreadId = RunawayThread.CurrentId();
            try
            {
                body();
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
        }) { IsBackground = true, Name = name };
    }

    /// <summary>Starts <paramref name="body"/> on a new background thread.</summary>
    public static Worker Start(string name, Action body)
    {
        Worker worker = new(body, name);
        worker._thread.Start();
        return worker;
    }

    /// <summary>
    /// Runs <paramref name="body"/> (a call that may block, such as a send waiting for flow-control credit) on a
    /// background thread and waits a bounded time for it: a call that never returns fails the test instead of
    /// hanging it.
    /// </summary>
    public static void Run(string name, Action body, TimeSpan? timeout = null) => Start(name, body).Join(timeout);

    /// <summary>
    /// Waits at most <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>; shorter once the
    /// <see cref="WaitBreaker"/> has tripped), then rethrows the thread's exception.
    /// </summary>
    public void Join(TimeSpan? timeout = null)
    {
        TimeSpan limit = WaitBreaker.Bound(timeout ?? DefaultTimeout);
        if (!_thread.Join(limit))
        {
            // Still running: it may spin for the rest of the run, so it gets the CPU only when no test wants it.
            RunawayThread.Idle(Volatile.Read(ref _osThreadId));
            Assert.Fail(WaitBreaker.RanOut($"the {_name} thread", limit));
        }

        _failure?.Throw();
    }
}

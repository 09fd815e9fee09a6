using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>
/// A fault-injecting kernel: accepts at most <see cref="MaxBytesPerCall"/> bytes per call, fails chosen calls
/// (by zero-based call number across writev, sendmsg and non-blocking sendmsg) with a chosen errno, and records everything it accepted.
/// A write loop that stops advancing calls it for ever on the test's own thread: past <see cref="MaxCalls"/> calls
/// (writes and polls each) it throws, so such a bug fails the test in milliseconds instead of hanging it.
/// </summary>
internal sealed unsafe class FakeWritevSyscall : IWritevSyscall
{
    public int MaxBytesPerCall { get; set; } = int.MaxValue;

    /// <summary>Far above any test's legitimate count (a few thousand one-byte writes).</summary>
    public int MaxCalls { get; set; } = 100_000;

    /// <summary>The most bytes a test may push through (a loop that rewrites the same bytes grows memory, not only time).</summary>
    public long MaxReceived { get; set; } = 64L << 20;

    public Dictionary<int, int> FailCalls { get; } = new();

    public Dictionary<int, int> FailPolls { get; } = new();

    /// <summary>What a successful poll reports (POLLOUT unless a test asks for POLLERR, POLLHUP or POLLNVAL).</summary>
    public int PollRevents { get; set; } = 0x4;

    public MemoryStream Received { get; } = new();

    public int WriteCalls { get; private set; }

    public int SendMsgCalls { get; private set; }

    public int DontWaitCalls { get; private set; }

    public int PollCalls { get; private set; }

    public int MaxIovecsSeen { get; private set; }

    public nint Writev(int fd, Iovec* iov, int count, out int errno) => Accept(iov, count, out errno);

    public nint SendMsg(int fd, Iovec* iov, int count, out int errno)
    {
        SendMsgCalls++;
        return Accept(iov, count, out errno);
    }

    public nint SendMsgDontWait(int fd, Iovec* iov, int count, out int errno)
    {
        DontWaitCalls++;
        return Accept(iov, count, out errno);
    }

    public int PollWritable(int fd, out int errno)
    {
        int call = PollCalls++;
        Guard(PollCalls, "poll");
        if (FailPolls.TryGetValue(call, out errno))
        {
            return -1;
        }

        errno = 0;
        return PollRevents;
    }

    private void Guard(int calls, string what)
    {
        if (calls > MaxCalls)
        {
            throw new InvalidOperationException($"More than {MaxCalls} {what} calls: the write loop does not advance.");
        }
    }

    private nint Accept(Iovec* iov, int count, out int errno)
    {
        Assert.InRange(count, 1, VectoredIO.IovMax);
        MaxIovecsSeen = Math.Max(MaxIovecsSeen, count);
        int call = WriteCalls++;
        Guard(WriteCalls, "write");
        if (FailCalls.TryGetValue(call, out errno))
        {
            return -1;
        }

        errno = 0;
        long accepted = 0;
        for (int i = 0; i < count && accepted < MaxBytesPerCall; i++)
        {
            int take = (int)Math.Min((long)iov[i].Length, MaxBytesPerCall - accepted);
            Received.Write(new ReadOnlySpan<byte>(iov[i].Base, take));
            accepted += take;
        }

        if (Received.Length > MaxReceived)
        {
            throw new InvalidOperationException($"More than {MaxReceived} bytes accepted: the write loop repeats bytes.");
        }

        return (nint)accepted;
    }
}

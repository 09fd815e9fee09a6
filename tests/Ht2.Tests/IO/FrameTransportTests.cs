using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.IO;

/// <summary>Which transport each target gets, when an existing one is reused, and which failures count as the transport's end.</summary>
public sealed class FrameTransportTests
{
    [Fact]
    public void EachTarget_GetsItsTransport()
    {
        using Loopback loopback = new();
        MemoryStream stream = new();
        Pipe pipe = new();
        ArrayBufferWriter<byte> buffer = new();

        Assert.Same(loopback.Client, Assert.IsType<SocketTransport>(FrameTransport.Over(loopback.Client)).Socket);
        Assert.Same(stream, Assert.IsType<StreamTransport>(FrameTransport.Over(stream)).Stream);
        PipeTransport overWriter = Assert.IsType<PipeTransport>(FrameTransport.Over(buffer));
        Assert.Same(buffer, overWriter.Writer);
        Assert.False(overWriter.CanReadBuffered);
        PipeTransport overPipe = Assert.IsType<PipeTransport>(FrameTransport.Over(new DuplexPipe(pipe.Reader, pipe.Writer)));
        Assert.Same(pipe.Writer, overPipe.Writer);
        Assert.True(overPipe.CanReadBuffered);
    }

    [Fact]
    public void NullTargets_AreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => FrameTransport.Over((Socket)null!));
        Assert.Throws<ArgumentNullException>(() => FrameTransport.Over((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => FrameTransport.Over((IBufferWriter<byte>)null!));
        Assert.Throws<ArgumentNullException>(() => FrameTransport.Over((IDuplexPipe)null!));
        Assert.Throws<ArgumentNullException>(() => FrameTransport.Over((System.Runtime.InteropServices.SafeHandle)null!));
    }

    [Fact]
    public void TheLastTransport_IsReusedForTheSameTarget_AndReplacedForAnother()
    {
        using Loopback first = new();
        using Loopback second = new();
        IFrameTransport socket = FrameTransport.Over(first.Client);
        Assert.Same(socket, FrameTransport.Over(first.Client, socket));
        Assert.Same(second.Client, Assert.IsType<SocketTransport>(FrameTransport.Over(second.Client, socket)).Socket);

        using SafeFileHandle handleA = new((IntPtr)1000, ownsHandle: false);
        using SafeFileHandle handleB = new((IntPtr)1001, ownsHandle: false);
        IFrameTransport descriptor = FrameTransport.Over(handleA);
        Assert.Same(descriptor, FrameTransport.Over(handleA, descriptor));
        Assert.Same(handleB, Assert.IsType<DescriptorTransport>(FrameTransport.Over(handleB, descriptor)).Handle);

        MemoryStream streamA = new(), streamB = new();
        IFrameTransport stream = FrameTransport.Over(streamA);
        Assert.Same(stream, FrameTransport.Over(streamA, stream));
        Assert.Same(streamB, Assert.IsType<StreamTransport>(FrameTransport.Over(streamB, stream)).Stream);

        ArrayBufferWriter<byte> writerA = new(), writerB = new();
        IFrameTransport pipe = FrameTransport.Over(writerA);
        Assert.Same(pipe, FrameTransport.Over(writerA, pipe));
        Assert.Same(writerB, Assert.IsType<PipeTransport>(FrameTransport.Over(writerB, pipe)).Writer);

        // Another kind of transport, or none, is never reused.
        Assert.IsType<SocketTransport>(FrameTransport.Over(first.Client, stream));
        Assert.IsType<StreamTransport>(FrameTransport.Over(streamA, null));
        Assert.IsType<PipeTransport>(FrameTransport.Over(writerA, socket));
        Assert.IsType<DescriptorTransport>(FrameTransport.Over(handleA, pipe));
    }

    [Fact]
    public void TransportFailures_AreTheEndOfTheTarget_OtherExceptionsAreBugs()
    {
        Assert.True(FrameTransport.IsTransportFailure(new IOException()));
        Assert.True(FrameTransport.IsTransportFailure(new SocketException()));
        Assert.True(FrameTransport.IsTransportFailure(new ObjectDisposedException("x")));
        Assert.True(FrameTransport.IsTransportFailure(new OperationCanceledException()));
        Assert.True(FrameTransport.IsTransportFailure(new VectoredIOException("writev", 32, 0)));
        Assert.False(FrameTransport.IsTransportFailure(new InvalidOperationException()));
        Assert.False(FrameTransport.IsTransportFailure(new ArgumentException()));
        Assert.False(FrameTransport.IsTransportFailure(new NullReferenceException()));
    }
}

using System;
using System.Buffers;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Ht2;

public ref partial struct IovecBuilder
{
    /// <summary>Writes the whole batch to a descriptor with <see cref="VectoredIO.Writev(SafeHandle, ReadOnlySpan{Iovec})"/>; the batch is kept.</summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    /// <exception cref="PlatformNotSupportedException">Neither Linux nor macOS.</exception>
    [SupportedOSPlatform("linux")]
    [SupportedOSPlatform("macos")]
    public readonly long WriteTo(SafeHandle handle) => VectoredIO.Writev(handle, Iovecs);

    /// <summary>
    /// Writes the whole batch to a connected socket with <see cref="VectoredIO.Writev(Socket, ReadOnlySpan{Iovec})"/>
    /// (gathering on Linux and macOS, one coalesced send elsewhere); the batch is kept.
    /// </summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    public readonly long WriteTo(Socket socket) => VectoredIO.Writev(socket, Iovecs);

    /// <summary>Writes the whole batch to a stream in one Write call (coalesced); the batch is kept.</summary>
    public readonly long WriteTo(Stream stream) => VectoredIO.WriteCoalesced(stream, Iovecs);

    /// <summary>Copies the whole batch into a buffer writer such as a PipeWriter (the caller flushes); the batch is kept.</summary>
    public readonly long WriteTo(IBufferWriter<byte> writer) => VectoredIO.WriteCoalesced(writer, Iovecs);

    /// <summary>The test seam: writes through <paramref name="syscalls"/>.</summary>
    internal readonly long WriteTo(SafeHandle handle, IWritevSyscall syscalls, bool isSocket)
        => VectoredIO.Writev(handle, Iovecs, syscalls, isSocket);
}

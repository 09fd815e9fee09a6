using System;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ht2.Benchmarks;

/// <summary>
/// The four ways to send a <see cref="FrameBatch"/>, named after the columns of the C reference program (the "C limit" of docs/benchmarks.md).
/// Every strategy encodes the frame prefixes itself on every call, so all of them do the same framing work.
/// </summary>
public static unsafe class SendStrategies
{
    /// <summary>C 'seq': one Socket.Send per frame piece, the prefix and then the payload.</summary>
    public static long Seq(Socket socket, FrameBatch batch)
    {
        Span<byte> prefix = batch.Prefixes.AsSpan(0, PingFrame.MaxPrefixLength);
        for (int i = 0; i < batch.Pings.Length; i++)
        {
            SendAll(socket, prefix.Slice(0, batch.Pings[i].WritePrefix(prefix, 0)));
        }

        DataFrame frame = FrameBatch.DataFrame;
        for (int i = 0; i < batch.Payloads.Length; i++)
        {
            ReadOnlySpan<byte> payload = batch.Payloads[i].Span;
            SendAll(socket, prefix.Slice(0, frame.WritePrefix(prefix, payload.Length)));
            SendAll(socket, payload);
        }

        return batch.BatchLength;
    }

    /// <summary>C 'copy': everything copied into one pre-allocated buffer, then one Socket.Send.</summary>
    public static long Copy(Socket socket, FrameBatch batch)
    {
        Span<byte> buffer = batch.Staging;
        int offset = 0;
        for (int i = 0; i < batch.Pings.Length; i++)
        {
            offset += batch.Pings[i].WritePrefix(buffer.Slice(offset), 0);
        }

        DataFrame frame = FrameBatch.DataFrame;
        for (int i = 0; i < batch.Payloads.Length; i++)
        {
            ReadOnlySpan<byte> payload = batch.Payloads[i].Span;
            offset += frame.WritePrefix(buffer.Slice(offset), payload.Length);
            payload.CopyTo(buffer.Slice(offset));
            offset += payload.Length;
        }

        SendAll(socket, buffer.Slice(0, offset));
        return offset;
    }

    /// <summary>
    /// C 'writev': one entry per prefix and one per payload, never merged (prefixes sit side by side in a pinned
    /// buffer but each keeps its own entry), written with VectoredIO.Writev. Built by hand because IovecBuilder
    /// always merges adjacent staging bytes.
    /// </summary>
    public static long Writev(Socket socket, FrameBatch batch)
    {
        // Prefixes and payloads are pinned arrays (GC.AllocateArray pinned: true).
        byte* prefixes = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(batch.Prefixes));
        Span<Iovec> iovecs = batch.Iovecs;
        int count = 0;
        int offset = 0;
        for (int i = 0; i < batch.Pings.Length; i++)
        {
            int written = batch.Pings[i].WritePrefix(new Span<byte>(prefixes + offset, PingFrame.MaxPrefixLength), 0);
            iovecs[count++] = new Iovec(prefixes + offset, (nuint)written);
            offset += written;
        }

        DataFrame frame = FrameBatch.DataFrame;
        for (int i = 0; i < batch.Payloads.Length; i++)
        {
            ReadOnlySpan<byte> payload = batch.Payloads[i].Span;
            int written = frame.WritePrefix(new Span<byte>(prefixes + offset, PingFrame.MaxPrefixLength), payload.Length);
            iovecs[count++] = new Iovec(prefixes + offset, (nuint)written);
            iovecs[count++] = new Iovec(Unsafe.AsPointer(ref MemoryMarshal.GetReference(payload)), (nuint)payload.Length);
            offset += written;
        }

        return VectoredIO.Writev(socket, iovecs.Slice(0, count));
    }

    /// <summary>
    /// IovecBuilder over the batch's pre-allocated scratch (entries and pinned staging big enough for the batch),
    /// with the given copy threshold, then one WriteTo(socket).
    /// </summary>
    public static long Builder(Socket socket, FrameBatch batch, int copyThreshold = IovecBuilder.DefaultCopyThreshold)
    {
        var builder = new IovecBuilder(batch.Iovecs, batch.Staging) { CopyThreshold = copyThreshold };
        try
        {
            for (int i = 0; i < batch.Pings.Length; i++)
            {
                builder.AddFrame(in batch.Pings[i]);
            }

            DataFrame frame = FrameBatch.DataFrame;
            for (int i = 0; i < batch.Payloads.Length; i++)
            {
                builder.AddFrame(in frame, batch.Payloads[i]);
            }

            return builder.WriteTo(socket);
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static void SendAll(Socket socket, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes.Slice(socket.Send(bytes));
        }
    }
}

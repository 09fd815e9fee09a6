using System;
using System.Net.Sockets;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>
/// The five ways to send a <see cref="WireBatch"/>. Every strategy encodes every frame prefix (and the SETTINGS
/// entries) on every call with the generated serializer, so all of them do the same framing work.
/// </summary>
public static class BatchStrategies
{
    /// <summary>
    /// One Socket.Send per frame: the frame (prefix and payload) is assembled in one reused pinned buffer, then
    /// sent. For DATA/HEADERS/CONTINUATION that copies the 16 KiB payload behind its prefix (one syscall a frame).
    /// </summary>
    public static long SendPerFrame(Socket socket, WireBatch batch)
    {
        Span<byte> scratch = batch.FrameScratch;
        WireFrame[] frames = batch.Frames;
        long total = 0;
        for (int i = 0; i < frames.Length; i++)
        {
            ref readonly WireFrame f = ref frames[i];
            int n = WireBatch.WritePrefix(in f, scratch);
            if (f.PayloadLength > 0)
            {
                batch.Payload(in f).CopyTo(scratch.Slice(n));
                n += f.PayloadLength;
            }

            SendAll(socket, scratch.Slice(0, n));
            total += n;
        }

        return total;
    }

    /// <summary>
    /// Every frame, payloads included, copied into one pre-allocated buffer, then one Socket.Send. Control and ack
    /// batches are encoded through their typed loop (<see cref="TypedControlBatch.Encode"/>), like MultiFrameWriter's.
    /// </summary>
    public static long CopySend(Socket socket, WireBatch batch)
    {
        Span<byte> buffer = batch.Staging;
        int offset = batch.Typed is { } typed ? typed.Encode(buffer) : EncodeAll(batch, buffer);
        SendAll(socket, buffer.Slice(0, offset));
        return offset;
    }

    /// <summary>Every frame of <paramref name="batch"/>, payloads included, through the per-frame type switch; returns the bytes written.</summary>
    public static int EncodeAll(WireBatch batch, Span<byte> buffer)
    {
        WireFrame[] frames = batch.Frames;
        int offset = 0;
        for (int i = 0; i < frames.Length; i++)
        {
            ref readonly WireFrame f = ref frames[i];
            offset += WireBatch.WritePrefix(in f, buffer.Slice(offset));
            if (f.PayloadLength > 0)
            {
                batch.Payload(in f).CopyTo(buffer.Slice(offset));
                offset += f.PayloadLength;
            }
        }

        return offset;
    }

    /// <summary>
    /// Prefixes re-encoded into their slots of a pinned buffer, then Socket.Send(IList&lt;ArraySegment&lt;byte&gt;&gt;)
    /// with the pre-built, reused list (one segment per prefix, one per referenced payload).
    /// </summary>
    public static long SendList(Socket socket, WireBatch batch)
    {
        EncodePrefixes(batch);
        int sent = socket.Send(batch.Segments);
        if (sent != batch.BatchLength)
        {
            // A blocking Send(IList) sends everything or throws; this never happens on a healthy connection.
            throw new InvalidOperationException($"Send(IList) wrote {sent} of {batch.BatchLength} bytes.");
        }

        return sent;
    }

    /// <summary>
    /// Pure writev: prefixes re-encoded into their slots, then VectoredIO.Writev over the pre-built entries
    /// (one per frame prefix, one per referenced payload; never merged).
    /// </summary>
    public static long Writev(Socket socket, WireBatch batch)
    {
        EncodePrefixes(batch);
        return VectoredIO.Writev(socket, batch.Iovecs);
    }

    /// <summary>
    /// Ht2 MultiFrameWriter, default strategy (copy threshold 2048): control frames with one typed Add each (SETTINGS
    /// with AddSettings) through <see cref="TypedControlBatch.AddTo"/>, DATA with AddData over the whole body (split at
    /// 16 KiB, payloads referenced), a header block with AddHeadersWithContinuations; then FlushTo(socket).
    /// </summary>
    /// <remarks>A null <paramref name="socket"/> only adds (the caller flushes elsewhere) and returns 0.</remarks>
    public static long MultiFrameWriter(Socket? socket, WireBatch batch, Ht2.MultiFrameWriter writer)
    {
        switch (batch.Shape)
        {
            case "data":
                writer.AddData(1, batch.Body, endStream: false);
                break;
            case "headers":
                writer.AddHeadersWithContinuations(1, batch.Body, endStream: false, WireBatch.FrameSize);
                break;
            default:
                batch.Typed!.AddTo(writer);
                break;
        }

        return socket is null ? 0 : writer.FlushTo(socket);
    }

    /// <summary>Re-encodes every prefix into its slot of <see cref="WireBatch.Prefixes"/>.</summary>
    public static void EncodePrefixes(WireBatch batch)
    {
        Span<byte> prefixes = batch.Prefixes;
        WireFrame[] frames = batch.Frames;
        for (int i = 0; i < frames.Length; i++)
        {
            ref readonly WireFrame f = ref frames[i];
            WireBatch.WritePrefix(in f, prefixes.Slice(f.PrefixOffset, f.PrefixLength));
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

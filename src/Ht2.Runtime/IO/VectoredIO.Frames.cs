using System;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Ht2;

public static partial class VectoredIO
{
    // Room for the common batch on the stack (1 KiB of bytes, 1 KiB of entries); larger batches grow into pooled
    // memory inside IovecBuilder.
    private const int StackStaging = 1024;
    private const int StackEntries = 64;

    /// <summary>
    /// Writes a batch of frames of one type to a descriptor with the builder's default strategy: prefixes and small
    /// payloads are copied together into pinned staging, large payloads go out zero-copy. <paramref name="payloads"/>[i]
    /// is the variable part of <paramref name="frames"/>[i]; missing entries mean an empty variable part.
    /// Returns the bytes written.
    /// </summary>
    /// <exception cref="ArgumentException">A frame cannot be encoded, or there are more payloads than frames; nothing is written.</exception>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
[SupportedOSPlatform("linux")]
    [SupportedOSPlatform("macos")]
    public static long WriteFrames<TFrame>(SafeHandle handle, ReadOnlySpan<TFrame> frames, ReadOnlySpan<ReadOnlyMemory<byte>> payloads, BufferPool pool)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(pool);
        if (payloads.Length > frames.Length)
        {
            throw new ArgumentException("There are more payloads than frames.", nameof(payloads));
        }

        // stackalloc staging and entries are pinned by construction, as IovecBuilder requires.
        var builder = new IovecBuilder(stackalloc Iovec[StackEntries], stackalloc byte[StackStaging], pool);
        try
        {
            for (int i = 0; i < frames.Length; i++)
            {
                builder.AddFrame(in frames[i], i < payloads.Length ? payloads[i] : ReadOnlyMemory<byte>.Empty);
            }

            return builder.WriteTo(handle);
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>
    /// Writes a body as DATA frames on <paramref name="streamId"/>: each chunk is split at
    /// <paramref name="maxFrameSize"/> (the PEER's SETTINGS_MAX_FRAME_SIZE), END_STREAM is set on the last frame only
    /// when <paramref name="endStream"/> is true, and no payload byte is copied: every slice is its own iovec behind
    /// its 9-byte header. An empty body with <paramref name="endStream"/> sends one empty DATA frame.
    /// Flow control is the caller's business here; Ht2Connection.SendDataFrames adds it.
    /// </summary>
    /// <exception cref="ArgumentException">The stream id is 0 or above 2^31-1, or the max frame size is outside 16384..16777215; nothing is written.</exception>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    [SupportedOSPlatform("linux")]
    [SupportedOSPlatform("macos")]
    public static long WriteDataFrames(SafeHandle handle, uint streamId, ReadOnlySpan<ReadOnlyMemory<byte>> chunks, bool endStream, int maxFrameSize = SettingsFrame.MinMaxFrameSize)
    {
        ArgumentNullException.ThrowIfNull(handle);
        FrameLimits.CheckDataStream(streamId);
        FrameLimits.CheckMaxFrameSize(maxFrameSize, nameof(maxFrameSize));

        // stackalloc staging and entries are pinned by construction, as IovecBuilder requires.
        var builder = new IovecBuilder(stackalloc Iovec[StackEntries], stackalloc byte[StackStaging]) { CopyThreshold = 0 };
        try
        {
            var frame = new DataFrame { StreamId = streamId };
            DataCursor cursor = new(chunks, endStream);
            while (cursor.TryNext(chunks, maxFrameSize, out DataSlice slice))
            {
                frame.Flags = slice.EndStream ? FrameFlags.EndStream : FrameFlags.None;
                builder.AddFrame(in frame, slice.Of(chunks));
            }

            return builder.WriteTo(handle);
        }
        finally
        {
            builder.Dispose();
        }
    }
}

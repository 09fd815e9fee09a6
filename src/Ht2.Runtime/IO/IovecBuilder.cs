using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ht2;

/// <summary>
/// Collects a batch of frames and byte segments as <see cref="Iovec"/> entries for one gathering write, in exactly
/// the order they were added. Frame prefixes go into pinned staging memory; payloads shorter than
/// <see cref="CopyThreshold"/> are copied right behind their prefix so that one entry carries many small frames,
/// longer ones are referenced without a copy and kept pinned until the builder is cleared or disposed.
/// Adjacent bytes always merge into one entry.
/// </summary>
/// <remarks>
/// Build it over caller stack memory, like ValueListBuilder:
/// <code>
/// var builder = new IovecBuilder(stackalloc Iovec[32], stackalloc byte[1024]);
/// try { builder.AddFrame(in frame, payload); builder.WriteTo(socket); } finally { builder.Dispose(); }
/// </code>
/// Staging is the internal staging arena shared with <see cref="MultiFrameWriter"/>: bytes and entries go into the
/// stack scratch first and continue in pinned <see cref="BufferPool"/> buffers when it fills up; already staged
/// bytes never move. Dispose returns everything. Not thread-safe.
/// </remarks>
public unsafe ref partial struct IovecBuilder
{
    /// <summary>
    /// Payloads shorter than this are copied next to their header. Measured in docs/benchmarks.md (32 DATA frames
    /// over TCP loopback): copying pays clearly up to 1024-byte payloads (1.16-2x faster than separate entries),
    /// copied and referenced are within noise at 2048 and 4096 bytes, and referencing wins at 8192 bytes.
    /// </summary>
    public const int DefaultCopyThreshold = 2048;

    private StagingArena _arena;

    // Stored relative to the default so that default(IovecBuilder) copies below DefaultCopyThreshold.
    private int _copyThresholdDelta;

    /// <summary>Creates a builder over caller scratch memory, using <see cref="BufferPool.Shared"/> when it fills up.</summary>
    /// <param name="iovecScratch">
    /// Room for the first entries. It MUST be pinned for the builder's whole life (stackalloc, or pinned or native
    /// memory), because the entries are written and handed to the system through a pointer; more entries continue
    /// in a pooled pinned buffer. May be empty.
    /// </param>
    /// <param name="stagingScratch">
    /// Room for the first staged bytes. It MUST be pinned for the builder's whole life: stackalloc memory, a
    /// <see cref="PinnedBuffer"/>, or native memory, because entries point into it. May be empty.
    /// </param>
    public IovecBuilder(Span<Iovec> iovecScratch, Span<byte> stagingScratch)
        : this(iovecScratch, stagingScratch, BufferPool.Shared)
    {
    }

    /// <summary>Creates a builder over caller scratch memory that rents staging buffers from <paramref name="pool"/>.</summary>
    /// <param name="iovecScratch">Room for the first entries; MUST be pinned (stackalloc, pinned or native memory). May be empty.</param>
    /// <param name="stagingScratch">Room for the first staged bytes; MUST be pinned (stackalloc, pinned or native memory).</param>
    /// <param name="pool">The pool that supplies further staging buffers.</param>
    public IovecBuilder(Span<Iovec> iovecScratch, Span<byte> stagingScratch, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);

        // Both pinned by the caller (stackalloc or pinned/native memory), as the parameters' contract requires.
        byte* scratch = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(stagingScratch));
        Iovec* entries = (Iovec*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(iovecScratch));
        _arena = new StagingArena(scratch, stagingScratch.Length, pool, retainFirstChunk: false, entries, iovecScratch.Length);
    }

    /// <summary>
    /// Payloads and segments shorter than this many bytes are copied into staging; longer ones are referenced.
    /// 0 references everything; <see cref="int.MaxValue"/> copies everything. Default <see cref="DefaultCopyThreshold"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int CopyThreshold
    {
        readonly get => _copyThresholdDelta + DefaultCopyThreshold;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _copyThresholdDelta = value - DefaultCopyThreshold;
        }
    }

    /// <summary>The number of bytes the entries describe.</summary>
    public readonly long TotalLength => _arena.TotalLength;

    /// <summary>The number of entries (after merging adjacent bytes).</summary>
    public readonly int IovecCount => _arena.EntryCount;

    /// <summary>The entries, in write order; valid until the builder is changed, cleared or disposed.</summary>
    public readonly ReadOnlySpan<Iovec> Iovecs => _arena.Entries;

    /// <summary>Adds a frame without a variable part (SETTINGS ACK, PING, WINDOW_UPDATE, RST_STREAM, ...).</summary>
    /// <exception cref="ArgumentException">The frame's values cannot be encoded.</exception>
    public void AddFrame<TFrame>(in TFrame frame)
        where TFrame : struct, IHt2Frame<TFrame>
        => AddFrame(in frame, ReadOnlyMemory<byte>.Empty);

    /// <summary>
    /// Adds a frame: its prefix (header and fixed fields), <paramref name="payload"/> as the variable part, and
    /// the frame's padding as zeros. A payload shorter than <see cref="CopyThreshold"/> is copied now; a longer one
    /// is pinned and must stay unchanged until the batch is written.
    /// </summary>
    /// <exception cref="ArgumentException">The frame's values cannot be encoded (nothing is added then).</exception>
    public void AddFrame<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        TFrame copy = frame;
        int prefixLength = copy.PrefixLength;
        int padding = copy.PaddingLength;
        long copiedLength = (long)prefixLength + payload.Length + padding;
        // Stryker disable once Equality : a frame of exactly int.MaxValue bytes is then referenced instead of copied;
        // the bytes written are the same, and reaching it takes a 2 GiB payload under a 2 GiB copy threshold.
        bool fitsOneReservation = copiedLength <= int.MaxValue;
        bool copyPayload = payload.Length < CopyThreshold && fitsOneReservation;

        Span<byte> destination = _arena.Reserve(copyPayload ? (int)copiedLength : prefixLength);

        // Throws before anything is committed, so a bad frame leaves the batch unchanged.
        int written = copy.WritePrefix(destination, payload.Length);
        if (copyPayload)
        {
            payload.Span.CopyTo(destination.Slice(written));
            destination.Slice(written + payload.Length, padding).Clear();
            _arena.Commit(written + payload.Length + padding);
        }
        else
        {
            byte* pinned = _arena.Pin(payload);
            _arena.Commit(written);
            _arena.Append(pinned, (nuint)payload.Length);
            _arena.AppendZeros(padding);
        }
    }

    /// <summary>
    /// Adds raw bytes (a preface, a pre-encoded frame, a header block). Shorter than <see cref="CopyThreshold"/>:
    /// copied now; otherwise pinned and referenced, and must stay unchanged until the batch is written.
    /// </summary>
    public void AddSegment(ReadOnlyMemory<byte> segment)
    {
        if (segment.Length < CopyThreshold)
        {
            _arena.AppendCopy(segment.Span);
        }
        else
        {
            _arena.Append(_arena.Pin(segment), (nuint)segment.Length);
        }
    }

    /// <summary>
    /// Adds bytes the caller has already pinned (stackalloc, <see cref="PinnedBuffer"/>, native memory, a held
    /// MemoryHandle). Shorter than <see cref="CopyThreshold"/>: copied now; otherwise referenced by address, so the
    /// memory must stay pinned, alive and unchanged until the batch is written, cleared or disposed.
    /// </summary>
    public void AddPinned(scoped ReadOnlySpan<byte> pinned)
    {
        if (pinned.Length < CopyThreshold)
        {
            _arena.AppendCopy(pinned);
        }
        else
        {
            // Pinned by the caller, per this method's contract.
            _arena.Append((byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(pinned)), (nuint)pinned.Length);
        }
    }
}

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Ht2;

/// <summary>
/// A reusable batch of frames for one gathering write: frames go to the wire in exactly the order they were
/// added, so a control frame never overtakes the DATA it follows (an RST_STREAM after its stream's DATA stays
/// after it); only priorities reorder, under the rule below. Prefixes and payloads shorter than
/// <see cref="CopyThreshold"/> are written into pinned <see cref="BufferPool"/> staging at Add time; longer
/// payloads are pinned (a <see cref="MemoryHandle"/>) and referenced until the flush. A flush writes the batch
/// and resets it; once warm (staging and bookkeeping arrays grown), Add and FlushTo allocate nothing.
/// </summary>
/// <remarks>
/// <para>Limits are checked before anything is staged: a frame whose payload exceeds <see cref="MaxFrameSize"/>
/// (the PEER's SETTINGS_MAX_FRAME_SIZE), a stream id above 2^31-1, padding above 255, or a SETTINGS value out of
/// range throws <see cref="ArgumentException"/>, and a failed Add (also a multi-frame one) leaves the batch as
/// it was before the call.</para>
/// <para>Priorities (<see cref="AddPrioritized{TFrame}(in TFrame, ReadOnlyMemory{byte}, int)"/>): <c>Add</c> is
/// priority 0. At flush, each frame gets an effective priority: for a frame on stream s &gt; 0, the minimum of its
/// own priority and the effective priority of the previous frame added on s (a CONTINUATION takes exactly its
/// predecessor's), so no frame ever overtakes an earlier frame of its own stream (DATA never passes its HEADERS,
/// RST_STREAM never passes the DATA before it, a header block stays whole). On stream 0, PING and WINDOW_UPDATE
/// are independent (credit and pings commute) and keep their own priority; SETTINGS, GOAWAY and every other
/// stream-0 type chain like a stream (SETTINGS must be applied in order). Frames are then stably sorted by
/// effective priority, highest first; ties keep the order added. With every priority equal, nothing moves.</para>
/// <para>Not thread-safe: one writer per connection, used under the connection's write lock.</para>
/// </remarks>
public sealed unsafe partial class MultiFrameWriter : IDisposable
{
    private int _copyThreshold = IovecBuilder.DefaultCopyThreshold;
    private int _maxFrameSize = SettingsFrame.MinMaxFrameSize;

    // Staged bytes in add order; adjacent bytes merge across frames (a run of small frames is one entry). Payloads
    // referenced without a copy stay pinned until Reset.
    private StagingArena _arena;
    private int _frameCount;

    // One record per run of consecutive frames added with the same priority (and one per AddBytes call), not per
    // frame: a frame's length, type and stream are in its own staged header, which a priority reorder reads back.
    private AddRun[] _runs = new AddRun[8];
    private int _runCount;
    private long _openRunKey = NoOpenRun;
    private bool _hasPriorities;

    // Per-frame records, built from the runs and the staged headers only when a flush reorders by priority.
    private FrameRecord[] _frames = Array.Empty<FrameRecord>();

    // The flush order when it is not the staged order (priorities) or must be managed memory (async writes).
    private Iovec[] _wire = new Iovec[64];
    private int _wireCount;
    private FramePosition[] _framePositions = Array.Empty<FramePosition>();
    private ulong[] _sortKeys = Array.Empty<ulong>();
    private readonly Dictionary<uint, int> _streamPriority = new();

    private bool _disposed;

    /// <summary>Creates a writer whose staging comes from <see cref="BufferPool.Shared"/>.</summary>
    public MultiFrameWriter()
        : this(BufferPool.Shared)
    {
    }

    /// <summary>Creates a writer whose staging comes from <paramref name="pool"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="pool"/> is null.</exception>
    public MultiFrameWriter(BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _arena = new StagingArena(null, 0, pool, retainFirstChunk: true);
    }

    /// <summary>
    /// Payloads shorter than this are copied next to their prefix; longer ones are referenced without a copy.
    /// Default <see cref="IovecBuilder.DefaultCopyThreshold"/>; 0 references every payload.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int CopyThreshold
    {
        get => _copyThreshold;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _copyThreshold = value;
        }
    }

    /// <summary>
    /// The PEER's SETTINGS_MAX_FRAME_SIZE: no frame payload may exceed it, and DATA and header blocks are split at
    /// it. 16384 (the RFC's initial value) until the peer's SETTINGS say otherwise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 16384..16777215.</exception>
    public int MaxFrameSize
    {
        get => _maxFrameSize;
        set => _maxFrameSize = FrameLimits.CheckMaxFrameSize(value, nameof(MaxFrameSize));
    }

    /// <summary>The number of frames in the batch.</summary>
    public int FrameCount => _frameCount;

    /// <summary>The number of bytes the batch will write.</summary>
    public long TotalLength => _arena.TotalLength;

    /// <summary>True when the batch holds nothing.</summary>
    public bool IsEmpty => _arena.EntryCount == 0 && _frameCount == 0;

    /// <summary>
    /// Adds a frame with <paramref name="payload"/> as its variable part (data, header block fragment, debug
    /// data, encoded SETTINGS entries) and its padding. A payload of <see cref="CopyThreshold"/> bytes or more is
    /// referenced and must stay unchanged until the flush.
    /// </summary>
    /// <exception cref="ArgumentException">A limit is broken (see the class remarks); the batch is unchanged.</exception>
    public void Add<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload = default)
        where TFrame : struct, IHt2Frame<TFrame>
        => AddCore(in frame, payload, 0);

    /// <summary>Adds a frame with a send priority; higher goes first, see the class remarks for the exact rule.</summary>
    /// <exception cref="ArgumentException">A limit is broken; the batch is unchanged.</exception>
    public void AddPrioritized<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
        => AddCore(in frame, payload, priority);

    /// <summary>Adds a prioritized frame; see <see cref="AddPrioritized{TFrame}(in TFrame, ReadOnlyMemory{byte}, int)"/>.</summary>
    /// <exception cref="ArgumentException">A limit is broken; the batch is unchanged.</exception>
    public void AddPrioritized<TFrame>(in PrioritizedFrame<TFrame> frame)
        where TFrame : struct, IHt2Frame<TFrame>
        => AddCore(frame.Frame, frame.Payload, frame.Priority);

    /// <summary>
    /// Adds frames of one type in order; <paramref name="payloads"/> is empty (no variable parts) or has one entry
    /// per frame. All or nothing: when one frame is rejected, none of them stays in the batch.
    /// </summary>
    /// <exception cref="ArgumentException">A limit is broken, or the payload count differs; the batch is unchanged.</exception>
    public void AddFrames<TFrame>(ReadOnlySpan<TFrame> frames, ReadOnlySpan<ReadOnlyMemory<byte>> payloads = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        if (!payloads.IsEmpty && payloads.Length != frames.Length)
        {
            throw new ArgumentException("Give one payload per frame, or none.", nameof(payloads));
        }

        Mark mark = GetMark();
        try
        {
            if (payloads.IsEmpty)
            {
                AddBareFrames(frames);
            }
            else
            {
                for (int i = 0; i < frames.Length; i++)
                {
                    AddCore(in frames[i], payloads[i], 0);
                }
            }
        }
        catch
        {
            RollBack(mark);
            throw;
        }
    }

    /// <summary>Adds prioritized frames of one type; all or nothing like <see cref="AddFrames{TFrame}"/>.</summary>
    /// <exception cref="ArgumentException">A limit is broken; the batch is unchanged.</exception>
    public void AddPrioritizedFrames<TFrame>(ReadOnlySpan<PrioritizedFrame<TFrame>> frames)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        Mark mark = GetMark();
        try
        {
            for (int i = 0; i < frames.Length; i++)
            {
                AddCore(frames[i].Frame, frames[i].Payload, frames[i].Priority);
            }
        }
        catch
        {
            RollBack(mark);
            throw;
        }
    }

    /// <summary>Adds a SETTINGS frame carrying <paramref name="entries"/> (copied), each checked with <see cref="SettingsFrame.ValidateEntry"/>.</summary>
    /// <exception cref="ArgumentException">A value is out of range, or the frame exceeds <see cref="MaxFrameSize"/>; the batch is unchanged.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddSettings(ReadOnlySpan<SettingsEntry> entries, int priority = 0)
    {
        // Above 2730 entries the payload exceeds 16384 bytes, the least any peer accepts; counted in entries, so that
        // no length overflows.
        if (entries.Length > SettingsFrame.MinMaxFrameSize / SettingsEntry.Size && (long)entries.Length * SettingsEntry.Size > _maxFrameSize)
        {
            FrameLimits.ThrowFrameTooLarge(FrameType.Settings, (long)entries.Length * SettingsEntry.Size, _maxFrameSize, "entries");
        }

        int length = entries.Length * SettingsEntry.Size;
        SettingsFrame frame = default;
        Span<byte> destination = Reserve(priority, FrameHeader.Size + length);
        int written = frame.WritePrefix(destination, length);

        // Each entry is checked as it is written; nothing is committed before the last one passed, so a refused
        // entry leaves the batch as it was.
        int refused = SettingsFrame.WriteValidEntries(destination.Slice(written), entries);
        if (refused >= 0)
        {
            SettingsFrame.ThrowEntryOutOfRange(entries[refused], nameof(entries));
        }

        Commit(destination, written + length);
        _frameCount++;
    }

    /// <summary>Adds raw bytes that are not a frame (the client connection preface); copied, order kept, stream 0 chain.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bytes are longer than staging can hold; the batch is unchanged.</exception>
    public void AddBytes(ReadOnlySpan<byte> bytes)
    {
        // A priority flush reads a raw run back as exactly one frame, so a failed copy must not leave it behind (empty,
        // and open to the next frame, which would then be read back as raw bytes).
        Mark mark = GetMark();
        try
        {
            OpenRun(0, isRaw: true);
            _arena.AppendCopy(bytes);
        }
        catch
        {
            RollBack(mark);
            throw;
        }

        _frameCount++;

        // The raw run holds exactly these bytes: the next frame starts a run of its own, and the slow path, which
        // starts it, is reached only with the limit shut (the copy opened it).
        _openRunKey = NoOpenRun;
        _arena.ShutLimit();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddCore<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        int length = payload.Length;
        ReadOnlySpan<byte> settingsView = typeof(TFrame) == typeof(SettingsFrame) && length != 0 ? payload.Span : default;
        FrameLimits.Check(in frame, settingsView, length, in _maxFrameSize);
        if (length == 0)
        {
            // Every control frame but SETTINGS and GOAWAY: no threshold test and no ReadOnlyMemory.Span type tests.
            AddCopied(in frame, default, priority);
        }
        else if (length < _copyThreshold)
        {
            AddCopied(in frame, payload.Span, priority);
        }
        else
        {
            AddReferenced(in frame, null, payload, length, priority);
        }
    }

    /// <summary>
    /// Empties the batch for reuse: unpins referenced payloads and returns staging buffers except the first,
    /// keeping the grown bookkeeping arrays. Flushes call it.
    /// </summary>
    public void Reset()
    {
        RollBack(default);
        _wireCount = 0;
    }

    /// <summary>Releases every pin and staging buffer; the writer cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // Reset leaves no open run: the next Add reaches OpenRun, which throws ObjectDisposedException.
        Reset();
        _arena.Dispose();
        _disposed = true;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Where a frame's bytes start among the staged entries (computed at flush, for a priority reorder only).</summary>
    private readonly record struct FramePosition(int Entry, nuint Offset);
}

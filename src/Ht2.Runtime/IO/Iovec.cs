namespace Ht2;

/// <summary>
/// One gather entry, laid out exactly like POSIX <c>struct iovec</c> so a span of them can be handed to
/// <c>writev</c>/<c>sendmsg</c> as is. <see cref="Base"/> must point at memory that cannot move (stack,
/// pinned array, native memory, or a held <see cref="System.Buffers.MemoryHandle"/>) for as long as the
/// entry may be written.
/// </summary>
public unsafe struct Iovec
{
    /// <summary>Creates an entry over <paramref name="length"/> bytes at <paramref name="base"/>.</summary>
    public Iovec(void* @base, nuint length)
    {
        Base = @base;
        Length = length;
    }

    /// <summary>The first byte; pinned by whoever built the entry.</summary>
    public void* Base;

    /// <summary>The number of bytes at <see cref="Base"/>.</summary>
    public nuint Length;
}

using System;

namespace Ht2;

/// <summary>
/// The decoded fields of one received header section, in block order; valid only during the handler call that
/// receives it (the bytes live in session buffers that the next block reuses). Copy what must outlive the call.
/// </summary>
public readonly ref struct Ht2Headers
{
    private readonly HeaderFieldArena _arena;

    internal Ht2Headers(HeaderFieldArena arena, in HttpFieldValidator validator)
    {
        _arena = arena;
        Status = validator.Status;
        ContentLength = validator.ContentLength;
        IsHead = validator.IsHead;
    }

    /// <summary>The number of fields.</summary>
    public int Count => _arena.Count;

    /// <summary>The :status of a response (0 for requests and trailers).</summary>
    public int Status { get; }

    /// <summary>The content-length, or -1 when absent.</summary>
    public long ContentLength { get; }

    /// <summary>True for a HEAD request.</summary>
    public bool IsHead { get; }

    /// <summary>The name of field <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetName(int index) => _arena.GetName(index);

    /// <summary>The value of field <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetValue(int index) => _arena.GetValue(index);

    /// <summary>The value of the first field called <paramref name="name"/>; false when there is none.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        for (int i = 0; i < _arena.Count; i++)
        {
            if (_arena.GetName(i).SequenceEqual(name))
            {
                value = _arena.GetValue(i);
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>
/// Where decoded fields are copied for one header section: one growing byte buffer and four ints per field, both
/// reused, so that decoding allocates nothing once they have grown to the largest section seen. The size is
/// bounded by SETTINGS_MAX_HEADER_LIST_SIZE because the decoder stops delivering fields past it.
/// </summary>
internal sealed class HeaderFieldArena
{
    private byte[] _bytes = new byte[1024];
    private int[] _spans = new int[64];
    private int _used;

    public int Count { get; private set; }

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        int needed = _used + name.Length + value.Length;
        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
        }

        if ((Count + 1) * 4 > _spans.Length)
        {
            Array.Resize(ref _spans, _spans.Length * 2);
        }

        int slot = Count * 4;
        _spans[slot] = _used;
        _spans[slot + 1] = name.Length;
        name.CopyTo(_bytes.AsSpan(_used));
        _used += name.Length;
        _spans[slot + 2] = _used;
        _spans[slot + 3] = value.Length;
        value.CopyTo(_bytes.AsSpan(_used));
        _used += value.Length;
        Count++;
    }

    public ReadOnlySpan<byte> GetName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _bytes.AsSpan(_spans[index * 4], _spans[(index * 4) + 1]);
    }

    public ReadOnlySpan<byte> GetValue(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _bytes.AsSpan(_spans[(index * 4) + 2], _spans[(index * 4) + 3]);
    }
}

/// <summary>The decoder's callback: copies each field into the arena and shows it to the validator.</summary>
internal struct FieldCollector : IHeaderHandler
{
    public HeaderFieldArena Arena;
    public HttpFieldValidator Validator;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Arena.Add(name, value);
        Validator.Add(name, value);
    }
}

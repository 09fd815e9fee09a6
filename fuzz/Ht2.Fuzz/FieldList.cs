using System;
using System.Collections.Generic;

namespace Ht2.Fuzz;

/// <summary>The decoded fields of one block, copied out of the decoder's spans, as a handler.</summary>
public struct FieldList : IHeaderHandler
{
    /// <summary>The fields in block order.</summary>
    public List<(byte[] Name, byte[] Value)> Fields;

    /// <summary>Creates an empty list.</summary>
    public static FieldList Create() => new() { Fields = new List<(byte[], byte[])>() };

    /// <inheritdoc />
    public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Fields.Add((name.ToArray(), value.ToArray()));

    /// <summary>Whether two lists hold the same fields in the same order.</summary>
    public static bool Same(List<(byte[] Name, byte[] Value)> a, List<(byte[] Name, byte[] Value)> b, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (!a[i].Name.AsSpan().SequenceEqual(b[i].Name) || !a[i].Value.AsSpan().SequenceEqual(b[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The RFC 9113 §6.5.2 size of a field: name + value + 32.</summary>
    public static long Size((byte[] Name, byte[] Value) field) => field.Name.Length + field.Value.Length + 32L;
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Ht2.Tests.Hpack;

/// <summary>
/// Collects decoded fields as strings (Latin-1, so every octet survives). A decoder that stops advancing through its
/// block would deliver fields for ever: past <see cref="MaxFields"/> the collector fails the test at once.
/// </summary>
internal struct FieldCollector : IHeaderHandler
{
    /// <summary>More fields than any block of these tests holds.</summary>
    public const int MaxFields = 100_000;

    public FieldCollector() => Fields = new List<(string Name, string Value)>();

    public List<(string Name, string Value)> Fields { get; }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Assert.True(Fields.Count < MaxFields, "The decoder delivers fields without end.");
        Fields.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }
}

/// <summary>Counts fields and octets without allocating, for allocation tests.</summary>
internal struct CountingHandler : IHeaderHandler
{
    public int Fields;
    public long Octets;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Fields++;
        Octets += name.Length + value.Length;
    }
}

internal static class HpackTestKit
{
    /// <summary>Parses RFC-style hex dumps such as "8286 8441 0f77"; whitespace is ignored.</summary>
    public static byte[] Hex(string dump)
    {
        string digits = dump.Replace(" ", "").Replace("\n", "").Replace("\r", "").Replace("|", "");
        byte[] bytes = new byte[digits.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(digits.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static List<(string Name, string Value)> Decode(HpackDecoder decoder, byte[] block)
    {
        FieldCollector collector = new();
        decoder.Decode(block, ref collector);
        return collector.Fields;
    }

    /// <summary>Asserts the dynamic table holds exactly these entries, newest first, and has this size.</summary>
    public static void AssertTable(HpackDecoder decoder, int expectedSize, params (string Name, string Value)[] newestFirst)
    {
        Assert.Equal(newestFirst.Length, decoder.DynamicTableCount);
        for (int i = 0; i < newestFirst.Length; i++)
        {
            decoder.GetDynamicEntry(i + 1, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value);
            Assert.Equal(newestFirst[i], (Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
        }

        Assert.Equal(expectedSize, decoder.DynamicTableSize);
    }

    public static Ht2ProtocolException AssertCompressionError(HpackDecoder decoder, byte[] block)
    {
        Ht2ProtocolException error = Assert.Throws<Ht2ProtocolException>(() => Decode(decoder, block));
        Assert.Equal(Http2ErrorCode.CompressionError, error.ErrorCode);
        Assert.Equal(ErrorScope.Connection, error.Scope);
        Assert.Equal(0u, error.StreamId);
        return error;
    }
}

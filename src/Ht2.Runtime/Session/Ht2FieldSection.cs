using System;

namespace Ht2;

/// <summary>
/// A header field section checked once, for sending many times. The RFC 9113 §8 message rules that
/// <see cref="Ht2Stream.SendHeaders(ReadOnlySpan{Ht2Field}, bool)"/> applies to every send (field names and values
/// octet by octet, pseudo-header fields, connection-specific fields, <c>content-length</c>, <c>:status</c>) are
/// applied here, at creation, for every way a session can send the section: as a request, a response or trailers,
/// with or without END_STREAM. Sending it then only looks the verdict up, so a large section that every response
/// repeats costs its encoding and no longer a second pass over each of its octets.
/// </summary>
/// <remarks>
/// The section owns a copy of the names and values: changing the caller's arrays afterwards cannot put an unchecked
/// octet on the wire. A session still HPACK-encodes the section on each send (its dynamic table indexes repeated
/// fields) and still checks its size against the peer's SETTINGS_MAX_HEADER_LIST_SIZE, which the peer may change at
/// any time. A section breaking a rule can be created; sending it throws the same <see cref="ArgumentException"/> as
/// sending its fields would.
/// </remarks>
public sealed class Ht2FieldSection
{
    /// <summary>Request, response, trailers.</summary>
    private const int KindCount = 3;

    /// <summary>Verdicts per kind: (extended CONNECT allowed or not) × (END_STREAM or not).</summary>
    private const int VerdictsPerKind = 4;

    private readonly Ht2Field[] _fields;
    private readonly HttpFieldValidator[] _verdicts;

    /// <summary>Copies <paramref name="fields"/> (in order, with their options) and checks them.</summary>
    /// <exception cref="ArgumentException">The names and values together exceed 2 GiB.</exception>
    public Ht2FieldSection(ReadOnlySpan<Ht2Field> fields)
    {
        FieldListSize = SizeOf(fields);
        long octets = FieldListSize - ((long)fields.Length * HpackDynamicTable.EntryOverhead);

        if (octets > Array.MaxLength)
        {
            throw new ArgumentException($"The fields hold {octets} bytes of names and values, more than one array can.", nameof(fields));
        }

        // One array holds every name and value; the fields point into it.
        byte[] storage = new byte[octets];
        _fields = new Ht2Field[fields.Length];
        int offset = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            ReadOnlyMemory<byte> name = Keep(fields[i].Name.Span, storage, ref offset);
            ReadOnlyMemory<byte> value = Keep(fields[i].Value.Span, storage, ref offset);
            _fields[i] = new Ht2Field(name, value, fields[i].Options);
        }

        _verdicts = new HttpFieldValidator[KindCount * VerdictsPerKind];
        foreach (HttpBlockKind kind in (ReadOnlySpan<HttpBlockKind>)[HttpBlockKind.Request, HttpBlockKind.Response, HttpBlockKind.Trailers])
        {
            foreach (bool extendedConnect in (ReadOnlySpan<bool>)[false, true])
            {
                foreach (bool endStream in (ReadOnlySpan<bool>)[false, true])
                {
                    _verdicts[VerdictIndex(kind, extendedConnect, endStream)] = Check(_fields, kind, extendedConnect, endStream);
                }
            }
        }
    }

    /// <summary>The section's own copies of the fields, in order.</summary>
    public ReadOnlySpan<Ht2Field> Fields => _fields;

    /// <summary>The section's size as RFC 9113 §6.5.2 counts it (name + value + 32 per field).</summary>
    public long FieldListSize { get; }

    /// <summary>
    /// Checks <paramref name="fields"/> as one section of <paramref name="kind"/> (RFC 9113 §8); the result's
    /// <see cref="HttpFieldValidator.Error"/> is null when they may be sent.
    /// </summary>
    /// <param name="fields">The fields in the order they would be sent.</param>
    /// <param name="kind">Request, response or trailers.</param>
    /// <param name="extendedConnect">Whether the peer allows extended CONNECT (RFC 8441), which makes <c>:protocol</c> legal.</param>
    /// <param name="endStream">Whether the section would end the stream.</param>
    internal static HttpFieldValidator Check(ReadOnlySpan<Ht2Field> fields, HttpBlockKind kind, bool extendedConnect, bool endStream)
    {
        HttpFieldValidator validator = new(kind, extendedConnect);
        foreach (Ht2Field field in fields)
        {
            validator.Add(field.Name.Span, field.Value.Span);
        }

        validator.Complete(endStream);
        return validator;
    }

    /// <summary>The size of <paramref name="fields"/> as RFC 9113 §6.5.2 counts it (name + value + 32 per field).</summary>
    internal static long SizeOf(ReadOnlySpan<Ht2Field> fields)
    {
        long size = 0;
        foreach (Ht2Field field in fields)
        {
            size += (long)field.Name.Length + field.Value.Length + HpackDynamicTable.EntryOverhead;
        }

        return size;
    }

    /// <summary>The verdict <see cref="Check"/> gave this section at creation for one way of sending it.</summary>
    internal HttpFieldValidator Verdict(HttpBlockKind kind, bool extendedConnect, bool endStream) =>
        _verdicts[VerdictIndex(kind, extendedConnect, endStream)];

    private static int VerdictIndex(HttpBlockKind kind, bool extendedConnect, bool endStream) =>
        ((int)kind * VerdictsPerKind) + (extendedConnect ? 2 : 0) + (endStream ? 1 : 0);

    private static ReadOnlyMemory<byte> Keep(ReadOnlySpan<byte> bytes, byte[] storage, ref int offset)
    {
        bytes.CopyTo(storage.AsSpan(offset));
        ReadOnlyMemory<byte> kept = storage.AsMemory(offset, bytes.Length);
        offset += bytes.Length;
        return kept;
    }
}

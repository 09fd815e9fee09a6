using System;

namespace Ht2;

/// <summary>
/// Checks one decoded header section against RFC 9113 §8.1–§8.5 (and RFC 8441 for extended CONNECT).
/// </summary>
/// <remarks>
/// <para>
/// Feed every decoded field to <see cref="Add"/> in block order, then call <see cref="Complete"/> once the whole
/// block is decoded. A violation makes the request or response malformed (RFC 9113 §8.1.1): the caller answers
/// with a stream error of type PROTOCOL_ERROR. The validator keeps only flags and numbers, never the field bytes,
/// and its reasons are string literals, so validating a section allocates nothing.
/// </para>
/// <para>
/// What it checks: field names (non-empty, token characters, no uppercase; a name starting with ':' is a
/// pseudo-header field), field values (no NUL, CR or LF, no leading or trailing SP/HTAB), connection-specific
/// fields, <c>te</c> other than <c>trailers</c>, pseudo-header placement, duplicates and kind, the required
/// pseudo-header fields of requests (plain, CONNECT and extended CONNECT) and responses, <c>:path</c> forms, an
/// empty <c>:authority</c> or <c>host</c> or a userinfo in <c>:authority</c> for http/https, <c>:status</c>
/// syntax, <c>content-length</c> syntax and agreement, a 1xx response or a trailer section that does not end as
/// RFC 9113 §8.1 requires, and a request whose HEADERS ends the stream while declaring content. Not checked: that
/// <c>:authority</c> and <c>host</c> carry the same value (a recipient uses <c>:authority</c> when both are
/// present), because that would mean keeping a copy; nor that an http or https request has one of them at all,
/// which RFC 9113 §8.1.1 does not count among the malformed cases.
/// </para>
/// </remarks>
public partial struct HttpFieldValidator
{
    private readonly HttpBlockKind _kind;
    private readonly bool _extendedConnectEnabled;
    private HttpPseudoHeader _seen;
    private Facts _facts;
    private string? _error;
    private long _contentLength;
    private int _status;
    private int _fieldCount;

    /// <summary>Creates a validator for one header section.</summary>
    /// <param name="kind">Which section the fields form.</param>
    /// <param name="extendedConnectEnabled">
    /// True when we sent SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 8441 §3), which makes <c>:protocol</c> legal in
    /// a CONNECT request. When false, <c>:protocol</c> is a violation.
    /// </param>
    public HttpFieldValidator(HttpBlockKind kind, bool extendedConnectEnabled = false)
    {
        _kind = kind;
        _extendedConnectEnabled = extendedConnectEnabled;
    }

    /// <summary>Which section this validator checks.</summary>
    public readonly HttpBlockKind Kind => _kind;

    /// <summary>The first violation so far (a string literal naming the rule), or null.</summary>
    public readonly string? Error => _error;

    /// <summary>How many fields <see cref="Add"/> has been given, including those after a violation.</summary>
    public readonly int FieldCount => _fieldCount;

    /// <summary>
    /// The <c>content-length</c> value, or -1 when absent. Two differing values, or a non-numeric one, are a
    /// violation; repeated identical values count as one (RFC 9110 §8.6).
    /// </summary>
    public readonly long ContentLength => Has(Facts.ContentLength) ? _contentLength : -1;

    /// <summary>The <c>:status</c> of a response (0 for other kinds); 1xx values are informational responses.</summary>
    public readonly int Status => _status;

    /// <summary>True when <c>:method</c> is HEAD (its response carries no body, whatever content-length says).</summary>
    public readonly bool IsHead => Has(Facts.Head);

    /// <summary>True when <c>:method</c> is CONNECT (plain or extended).</summary>
    public readonly bool IsConnect => Has(Facts.Connect);

    /// <summary>True when the request is an extended CONNECT (<c>:protocol</c> present, RFC 8441).</summary>
    public readonly bool IsExtendedConnect => (_seen & HttpPseudoHeader.Protocol) != 0;

    /// <summary>
    /// Checks one decoded field, in block order. Records the first violation in <see cref="Error"/>; after a
    /// violation the remaining fields are only counted (the caller keeps decoding the block so HPACK stays in
    /// step).
    /// </summary>
    /// <param name="name">The field name as decoded (no case folding is applied).</param>
    /// <param name="value">The field value as decoded.</param>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        _fieldCount++;
        if (_error is not null)
        {
            return;
        }

        _error = !name.IsEmpty && name[0] == (byte)':' ? AddPseudoHeader(name, value) : AddRegular(name, value);
    }

    /// <summary>
    /// Checks what needs the whole section: required pseudo-header fields present, <c>:path</c> forms, CONNECT
    /// forms, and how the section may end. Returns null when the section is valid, otherwise the first
    /// violation's reason (a string literal), which <see cref="Error"/> then also reports.
    /// </summary>
    /// <param name="endStream">
    /// Whether the HEADERS frame carried END_STREAM (a trailer section must end the stream; an informational
    /// response must not).
    /// </param>
    public string? Complete(bool endStream)
    {
        _error ??= _kind switch
        {
            HttpBlockKind.Request => CompleteRequest(endStream),
            HttpBlockKind.Response => CompleteResponse(endStream),
            _ => endStream ? null : "RFC 9113 §8.1: a trailer section without END_STREAM",
        };
        return _error;
    }

    private readonly bool Has(Facts fact) => (_facts & fact) != 0;

    private readonly bool Has(HttpPseudoHeader field) => (_seen & field) != 0;

    /// <summary>What the validator learned from single fields and needs again for the whole section.</summary>
    [Flags]
    private enum Facts : ushort
    {
        None = 0,
        RegularFieldSeen = 1 << 0,
        Head = 1 << 1,
        Connect = 1 << 2,
        Options = 1 << 3,
        HttpOrHttpsScheme = 1 << 4,
        PathEmpty = 1 << 5,
        PathAbsolute = 1 << 6,
        PathAsterisk = 1 << 7,
        AuthorityEmpty = 1 << 8,
        AuthorityHostAndPort = 1 << 9,
        HostEmpty = 1 << 10,
        ContentLength = 1 << 11,
        AuthorityUserinfo = 1 << 12,
    }
}

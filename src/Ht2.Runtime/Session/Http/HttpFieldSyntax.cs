using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Ht2;

/// <summary>
/// The character rules of RFC 9113 §8.2.1 and the token/scheme grammars of RFC 9110 §5.6.2 and RFC 3986 §3.1,
/// over raw field bytes. Every check is a vectorised span search; nothing allocates.
/// </summary>
internal static class HttpFieldSyntax
{
    // tchar (RFC 9110 §5.6.2) without the uppercase letters, which RFC 9113 §8.2.1 forbids in field names.
    private static readonly SearchValues<byte> s_nameChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz"u8);

    // tchar (RFC 9110 §5.6.2): methods and upgrade tokens are case-sensitive, so both cases are legal.
    private static readonly SearchValues<byte> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);

    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1).
    private static readonly SearchValues<byte> s_schemeChars =
        SearchValues.Create("+-.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);

    private static readonly SearchValues<byte> s_digits = SearchValues.Create("0123456789"u8);

    /// <summary>Checks a regular field name (RFC 9113 §8.2.1); null when valid, otherwise the reason.</summary>
    public static string? CheckName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return "RFC 9113 §8.2.1: empty field name";
        }

        int bad = name.IndexOfAnyExcept(s_nameChars);
        if (bad < 0)
        {
            return null;
        }

        return name[bad] is >= (byte)'A' and <= (byte)'Z'
            ? "RFC 9113 §8.2.1: uppercase character in a field name"
            : "RFC 9113 §8.2.1: a field name holds a character that is not a token character";
    }

    /// <summary>Checks a field value (RFC 9113 §8.2.1); null when valid, otherwise the reason.</summary>
    public static string? CheckValue(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'\0', (byte)'\r', (byte)'\n') >= 0)
        {
            return "RFC 9113 §8.2.1: NUL, CR or LF in a field value";
        }

        if (value.Length != 0 && (IsWhitespace(value[0]) || IsWhitespace(value[^1])))
        {
            return "RFC 9113 §8.2.1: a field value starts or ends with whitespace";
        }

        return null;
    }

    /// <summary>True for a non-empty token (RFC 9110 §5.6.2), the grammar of methods and upgrade protocols.</summary>
    public static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(s_tokenChars);

    /// <summary>True for a URI scheme (RFC 3986 §3.1): a letter, then letters, digits, '+', '-' or '.'.</summary>
    public static bool IsScheme(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && IsLetter(value[0]) && !value.ContainsAnyExcept(s_schemeChars);

    /// <summary>True for one or more ASCII digits.</summary>
    public static bool IsDigits(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(s_digits);

    /// <summary>
    /// True for the authority-form of a CONNECT target (RFC 9110 §9.3.6, RFC 9113 §8.5): a non-empty host, a
    /// colon and a port of one or more digits. No userinfo; an IPv6 host is bracketed (RFC 3986 §3.2.2).
    /// </summary>
    public static bool IsHostAndPort(ReadOnlySpan<byte> value)
    {
        int colon = value.LastIndexOf((byte)':');
        if (colon <= 0 || !IsDigits(value.Slice(colon + 1)))
        {
            return false;
        }

        ReadOnlySpan<byte> host = value.Slice(0, colon);
        if (host.Contains((byte)'@'))
        {
            return false;
        }

        // A colon inside the host is only legal within an IP-literal, which the brackets must then enclose whole.
        bool bracketed = host[0] == (byte)'[';
        if (bracketed != (host[^1] == (byte)']'))
        {
            return false;
        }

        return bracketed ? host.Length > 2 : !host.Contains((byte)':');
    }

    // Forced inline: the Native AOT compiler left this out-of-line, two calls per field value (found by a profile).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';

    // Stryker disable once Arithmetic : IsScheme also requires every byte to be a scheme character, and the bytes the wider range would add as letters are none.
    private static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}

using System;
using System.Buffers.Text;
using System.Text;

namespace Ht2;

public partial struct HttpFieldValidator
{
    private string? AddPseudoHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (_kind == HttpBlockKind.Trailers)
        {
            return "RFC 9113 §8.1: a pseudo-header field in a trailer section";
        }

        if (Has(Facts.RegularFieldSeen))
        {
            return "RFC 9113 §8.3: a pseudo-header field after a regular field";
        }

        HttpPseudoHeader field = HttpPseudoHeaders.Identify(name);
        if (field == HttpPseudoHeader.None)
        {
            return "RFC 9113 §8.3: an undefined pseudo-header field";
        }

        if (_kind == HttpBlockKind.Request && field == HttpPseudoHeader.Status)
        {
            return "RFC 9113 §8.3: a response pseudo-header field in a request";
        }

        if (_kind == HttpBlockKind.Response && (field & HttpPseudoHeader.RequestFields) != 0)
        {
            return "RFC 9113 §8.3: a request pseudo-header field in a response";
        }

        if (field == HttpPseudoHeader.Protocol && !_extendedConnectEnabled)
        {
            return "RFC 8441 §3: :protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL";
        }

        if (Has(field))
        {
            return "RFC 9113 §8.3: a pseudo-header field appears twice";
        }

        // Stryker disable once Assignment : a pseudo-header seen before is refused above, so the bit is clear here and ^= sets it exactly as |= does.
        _seen |= field;
        return HttpFieldSyntax.CheckValue(value) ?? field switch
        {
            HttpPseudoHeader.Method => AddMethod(value),
            HttpPseudoHeader.Scheme => AddScheme(value),
            HttpPseudoHeader.Authority => AddAuthority(value),
            HttpPseudoHeader.Path => AddPath(value),
            HttpPseudoHeader.Protocol => HttpFieldSyntax.IsToken(value) ? null : "RFC 8441 §4: :protocol is not a token",
            _ => AddStatus(value),
        };
    }

    private string? AddMethod(ReadOnlySpan<byte> value)
    {
        if (!HttpFieldSyntax.IsToken(value))
        {
            return "RFC 9113 §8.3.1: :method is not a token";
        }

        // Methods are case-sensitive (RFC 9110 §9.1): "head" is not HEAD.
        if (value.SequenceEqual("HEAD"u8))
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.Head;
        }
        else if (value.SequenceEqual("CONNECT"u8))
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.Connect;
        }
        else if (value.SequenceEqual("OPTIONS"u8))
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.Options;
        }

        return null;
    }

    private string? AddScheme(ReadOnlySpan<byte> value)
    {
        if (!HttpFieldSyntax.IsScheme(value))
        {
            return "RFC 9113 §8.3.1: :scheme is not a URI scheme";
        }

        // Schemes are case-insensitive (RFC 3986 §3.1).
        if (Ascii.EqualsIgnoreCase(value, "http"u8) || Ascii.EqualsIgnoreCase(value, "https"u8))
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.HttpOrHttpsScheme;
        }

        return null;
    }

    private string? AddAuthority(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.AuthorityEmpty;
        }
        else if (HttpFieldSyntax.IsHostAndPort(value))
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.AuthorityHostAndPort;
        }

        // '@' is a gen-delim that a reg-name cannot hold (RFC 3986 §3.2), so it always ends a userinfo.
        if (value.Contains((byte)'@'))
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.AuthorityUserinfo;
        }

        return null;
    }

    private string? AddPath(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.PathEmpty;
        }
        else if (value[0] == (byte)'/')
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.PathAbsolute;
        }
        else if (value.Length == 1 && value[0] == (byte)'*')
        {
            // Stryker disable once Assignment : this fact comes from a pseudo-header a section holds once (a second is refused before its value is read), so the bit is clear here and ^= sets it exactly as |= does.
            _facts |= Facts.PathAsterisk;
        }

        return null;
    }

    private string? AddStatus(ReadOnlySpan<byte> value)
    {
        // status-code = 3DIGIT, and every valid code lies in 100..599 (RFC 9110 §15).
        if (value.Length != 3 || !HttpFieldSyntax.IsDigits(value) || value[0] is < (byte)'1' or > (byte)'5')
        {
            return "RFC 9113 §8.3.2: :status is not a three-digit status code from 100 to 599";
        }

        _status = ((value[0] - '0') * 100) + ((value[1] - '0') * 10) + (value[2] - '0');
        return null;
    }

    private string? AddRegular(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        _facts |= Facts.RegularFieldSeen;
        string? invalid = HttpFieldSyntax.CheckName(name) ?? HttpFieldSyntax.CheckValue(value);
        if (invalid is not null)
        {
            return invalid;
        }

        // The names this section cares about have distinct lengths (but for two pairs), so one switch finds them.
        switch (name.Length)
        {
            case 2 when name.SequenceEqual("te"u8):
                // TE may only say "trailers" (RFC 9113 §8.2.2); the token is case-insensitive (RFC 9110 §10.1.4).
                return Ascii.EqualsIgnoreCase(value, "trailers"u8) ? null : "RFC 9113 §8.2.2: te with a value other than trailers";
            case 4 when name.SequenceEqual("host"u8):
                if (value.IsEmpty)
                {
                    _facts |= Facts.HostEmpty;
                }

                return null;
            case 7 when name.SequenceEqual("upgrade"u8):
            case 10 when name.SequenceEqual("connection"u8) || name.SequenceEqual("keep-alive"u8):
            case 16 when name.SequenceEqual("proxy-connection"u8):
            case 17 when name.SequenceEqual("transfer-encoding"u8):
                return "RFC 9113 §8.2.2: a connection-specific field";
            case 14 when name.SequenceEqual("content-length"u8):
                return AddContentLength(value);
            default:
                return null;
        }
    }

    private string? AddContentLength(ReadOnlySpan<byte> value)
    {
        // Content-Length = 1*DIGIT (RFC 9110 §8.6); the digit check keeps signs and spaces out of the parser.
        if (!HttpFieldSyntax.IsDigits(value) || !Utf8Parser.TryParse(value, out long length, out int consumed) || consumed != value.Length)
        {
            return "RFC 9110 §8.6: content-length is not a non-negative decimal number";
        }

        if (Has(Facts.ContentLength) && length != _contentLength)
        {
            return "RFC 9110 §8.6: content-length fields disagree";
        }

        _contentLength = length;
        _facts |= Facts.ContentLength;
        return null;
    }
}

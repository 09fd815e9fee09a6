using System;

namespace Ht2;

/// <summary>
/// The 61-entry static table of RFC 7541 Appendix A. Entries are UTF-8 literals compiled into the assembly's data,
/// so reading them allocates nothing.
/// </summary>
internal static class HpackStaticTable
{
    /// <summary>Number of static entries; dynamic indices start at <c>Count + 1</c>.</summary>
    public const int Count = 61;

    /// <summary>The longest name in the table (<c>access-control-allow-origin</c>).</summary>
    private const int LongestName = 27;

    /// <summary>
    /// The entries chained by name length, built from <see cref="GetName"/> so they cannot disagree: at
    /// <c>Count + 1 + n</c> the lowest entry whose name has n bytes, at entry i the next entry with the same name
    /// length (0 ends a chain).
    /// </summary>
    private static readonly byte[] s_lengthChains = CreateLengthChains();

    /// <summary>The name of the entry at 1-based <paramref name="index"/> (1..61).</summary>
    public static ReadOnlySpan<byte> GetName(int index) => index switch
    {
        1 => ":authority"u8,
        2 or 3 => ":method"u8,
        4 or 5 => ":path"u8,
        6 or 7 => ":scheme"u8,
        >= 8 and <= 14 => ":status"u8,
        15 => "accept-charset"u8,
        16 => "accept-encoding"u8,
        17 => "accept-language"u8,
        18 => "accept-ranges"u8,
        19 => "accept"u8,
        20 => "access-control-allow-origin"u8,
        21 => "age"u8,
        22 => "allow"u8,
        23 => "authorization"u8,
        24 => "cache-control"u8,
        25 => "content-disposition"u8,
        26 => "content-encoding"u8,
        27 => "content-language"u8,
        28 => "content-length"u8,
        29 => "content-location"u8,
        30 => "content-range"u8,
        31 => "content-type"u8,
        32 => "cookie"u8,
        33 => "date"u8,
        34 => "etag"u8,
        35 => "expect"u8,
        36 => "expires"u8,
        37 => "from"u8,
        38 => "host"u8,
        39 => "if-match"u8,
        40 => "if-modified-since"u8,
        41 => "if-none-match"u8,
        42 => "if-range"u8,
        43 => "if-unmodified-since"u8,
        44 => "last-modified"u8,
        45 => "link"u8,
        46 => "location"u8,
        47 => "max-forwards"u8,
        48 => "proxy-authenticate"u8,
        49 => "proxy-authorization"u8,
        50 => "range"u8,
        51 => "referer"u8,
        52 => "refresh"u8,
        53 => "retry-after"u8,
        54 => "server"u8,
        55 => "set-cookie"u8,
        56 => "strict-transport-security"u8,
        57 => "transfer-encoding"u8,
        58 => "user-agent"u8,
        59 => "vary"u8,
        60 => "via"u8,
        61 => "www-authenticate"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>The value of the entry at 1-based <paramref name="index"/>; empty for name-only entries.</summary>
    public static ReadOnlySpan<byte> GetValue(int index) => index switch
    {
        2 => "GET"u8,
        3 => "POST"u8,
        4 => "/"u8,
        5 => "/index.html"u8,
        6 => "http"u8,
        7 => "https"u8,
        8 => "200"u8,
        9 => "204"u8,
        10 => "206"u8,
        11 => "304"u8,
        12 => "400"u8,
        13 => "404"u8,
        14 => "500"u8,
        16 => "gzip, deflate"u8,
        >= 1 and <= Count => default,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>
    /// Looks <paramref name="name"/> and <paramref name="value"/> up. Returns the index of an entry matching both
    /// (0 if none) and sets <paramref name="nameIndex"/> to the lowest entry with that name (0 if none).
    /// </summary>
    public static int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out int nameIndex)
    {
        nameIndex = 0;
        if (name.Length > LongestName)
        {
            return 0;
        }

        // Only entries whose name has the same length are compared, so a name that is not in the table (most custom
        // fields) costs a few compares, not 61.
        for (int i = s_lengthChains[Count + 1 + name.Length]; i != 0; i = s_lengthChains[i])
        {
            if (!GetName(i).SequenceEqual(name))
            {
                continue;
            }

            if (nameIndex == 0)
            {
                nameIndex = i;
            }

            // An empty value matches a name-only entry exactly, which RFC 7541 allows to be sent indexed.
            // Only entries 2..16 share names with neighbours, so past 16 the first name match is the only one.
            if (GetValue(i).SequenceEqual(value))
            {
                return i;
            }

            // Stryker disable once Equality,Statement,Block : the exit only saves compares: it follows a name match, and no entry from 16 on shares its name with another, so the rest of the chain cannot match.
            if (i > 16)
            {
                break;
            }
        }

        return 0;
    }

    private static byte[] CreateLengthChains()
    {
        byte[] chains = new byte[Count + 1 + LongestName + 1];

        // From the last entry down, so every chain starts at its lowest entry and runs upwards.
        for (int i = Count; i >= 1; i--)
        {
            int head = Count + 1 + GetName(i).Length;
            chains[i] = chains[head];
            chains[head] = (byte)i;
        }

        return chains;
    }
}

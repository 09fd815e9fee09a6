using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Ht2.Fuzz;

/// <summary>
/// libnghttp2's HPACK inflater (Debian libnghttp2-14), the reference decoder of the differential target. Only the
/// fuzz project calls native nghttp2; the runtime never does.
/// </summary>
public sealed unsafe partial class NgHttp2Inflater : IDisposable
{
    private const string Library = "libnghttp2.so.14";
    private const int InflateFinal = 0x01;
    private const int InflateEmit = 0x02;

    private nint _inflater;

    /// <summary>Creates an inflater with the protocol's initial table size (4096).</summary>
    public NgHttp2Inflater()
    {
        nint inflater;
        int rv = InflateNew(&inflater);
        if (rv != 0)
        {
            throw new InvalidOperationException($"nghttp2_hd_inflate_new: {rv}");
        }

        _inflater = inflater;
    }

    /// <summary>Whether the native library can be loaded on this machine.</summary>
    public static bool IsAvailable => NativeLibrary.TryLoad(Library, out _);

    /// <summary>Applies an acknowledged SETTINGS_HEADER_TABLE_SIZE.</summary>
    public bool TryChangeTableSize(int size) => ChangeTableSize(_inflater, (nuint)size) == 0;

    /// <summary>Decodes one whole header block into <paramref name="fields"/>; false when nghttp2 refuses it.</summary>
    public bool TryDecode(ReadOnlySpan<byte> block, List<(byte[] Name, byte[] Value)> fields)
    {
        fixed (byte* start = block)
        {
            // fixed gives a non-null pointer only for a non-empty span; nghttp2 reads nothing when the length is 0.
            byte* input = start;
            nint left = block.Length;
            while (true)
            {
                Nv nv;
                int flags = 0;
                nint read = InflateHd2(_inflater, &nv, &flags, input, (nuint)left, 1);
                if (read < 0)
                {
                    return false;
                }

                input += read;
                left -= read;
                if ((flags & InflateEmit) != 0)
                {
                    fields.Add((new ReadOnlySpan<byte>(nv.Name, checked((int)nv.NameLength)).ToArray(), new ReadOnlySpan<byte>(nv.Value, checked((int)nv.ValueLength)).ToArray()));
                }

                if ((flags & InflateFinal) != 0)
                {
                    EndHeaders(_inflater);
                    return true;
                }

                if (read == 0 && (flags & InflateEmit) == 0)
                {
                    throw new FuzzFailure("nghttp2_hd_inflate_hd2 made no progress on a final block");
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_inflater != 0)
        {
            InflateDel(_inflater);
            _inflater = 0;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Nv
    {
        public byte* Name;
        public byte* Value;
        public nuint NameLength;
        public nuint ValueLength;
        public byte Flags;
    }

    [LibraryImport(Library, EntryPoint = "nghttp2_hd_inflate_new")]
    private static partial int InflateNew(nint* inflater);

    [LibraryImport(Library, EntryPoint = "nghttp2_hd_inflate_del")]
    private static partial void InflateDel(nint inflater);

    [LibraryImport(Library, EntryPoint = "nghttp2_hd_inflate_change_table_size")]
    private static partial int ChangeTableSize(nint inflater, nuint size);

    [LibraryImport(Library, EntryPoint = "nghttp2_hd_inflate_hd2")]
    private static partial nint InflateHd2(nint inflater, Nv* nv, int* flags, byte* input, nuint length, int final);

    [LibraryImport(Library, EntryPoint = "nghttp2_hd_inflate_end_headers")]
    private static partial int EndHeaders(nint inflater);
}

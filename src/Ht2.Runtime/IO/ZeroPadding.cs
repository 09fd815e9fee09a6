using System;

namespace Ht2;

/// <summary>
/// The one pinned buffer of zeros every zero-copy padded frame points its padding iovec at. Padding is at most
/// 255 bytes (the Pad Length field is one byte), so 256 bytes suffice; longer runs take several entries.
/// </summary>
internal static unsafe class ZeroPadding
{
    /// <summary>The buffer length.</summary>
    public const int Length = 256;

    // Pinned object heap: the address never changes, and nothing ever writes to it.
    private static readonly byte[] s_zeros = GC.AllocateArray<byte>(Length, pinned: true);

    /// <summary>The first zero byte.</summary>
    public static byte* Pointer => (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(s_zeros));
}

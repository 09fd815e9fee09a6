using System;

namespace Ht2.Tests.IO;

/// <summary>Known bytes for tests that hand raw pointers to the code under test.</summary>
internal static class PinnedBytes
{
    /// <summary>
    /// <paramref name="length"/> bytes counting up from <paramref name="first"/>, on the pinned object heap: their address
    /// never changes, so entries may keep raw pointers into them for as long as the array is reachable.
    /// </summary>
    public static byte[] Counting(int length, byte first)
    {
        byte[] bytes = GC.AllocateArray<byte>(length, pinned: true);
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(first + i);
        }

        return bytes;
    }
}

using System;
using System.Linq;

namespace Ht2.H2cServer;

/// <summary>
/// The deterministic bytes of a response body, so a receiver can check every byte without a copy of the original:
/// byte i is (i mod 251). 251 is prime and not a divisor of any frame size, so a frame boundary that drops, repeats
/// or shifts bytes changes what follows.
/// </summary>
public static class BodyPattern
{
    /// <summary>The expected byte at <paramref name="position"/>.</summary>
    public static byte At(long position) => (byte)(position % 251);

    /// <summary>A new body of <paramref name="length"/> pattern bytes.</summary>
    public static byte[] Create(int length) => Enumerable.Range(0, length).Select(i => At(i)).ToArray();

    /// <summary>The first offset where <paramref name="received"/> (starting at <paramref name="start"/>) differs from the pattern, or -1.</summary>
    public static long FindMismatch(ReadOnlySpan<byte> received, long start = 0)
    {
        for (int i = 0; i < received.Length; i++)
        {
            if (received[i] != At(start + i))
            {
                return start + i;
            }
        }

        return -1;
    }
}

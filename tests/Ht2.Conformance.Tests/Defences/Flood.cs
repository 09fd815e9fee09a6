using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>Sends an attack's frames in batches, bounded by count; stops early when the server closes or stops reading.</summary>
public static class Flood
{
    /// <summary>Frames per write: large enough to be fast, small enough that a server's early close is seen soon.</summary>
    private const int FramesPerWrite = 500;

    /// <summary>
    /// Sends <paramref name="count"/> units, unit i built by <paramref name="unit"/>(i); returns how many went out
    /// before the server closed the connection or stopped reading.
    /// </summary>
    public static async Task<int> SendAsync(RawConnection connection, int count, Func<int, byte[]> unit)
    {
        int sent = 0;
        while (sent < count)
        {
            List<byte> batch = [];
            int end = Math.Min(count, sent + FramesPerWrite);
            for (int i = sent; i < end; i++)
            {
                batch.AddRange(unit(i));
            }

            if (!await connection.TrySendAsync(batch.ToArray()))
            {
                return sent;
            }

            sent = end;
        }

        return sent;
    }
}

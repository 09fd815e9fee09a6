using System;
using System.IO;

namespace Ht2.Tests.IO;

/// <summary>
/// A deterministic mix of frames (PINGs, small and large DATA, padded and not) added to a builder, together with
/// the bytes a plain encoder produces for it.
/// </summary>
internal static class MixedBatch
{
    /// <summary>Adds <paramref name="frames"/> frames whose payloads are slices of <paramref name="source"/>; returns the expected bytes.</summary>
    public static byte[] Add(ref IovecBuilder builder, byte[] source, int frames, int seed, int maxPayload = 6000)
    {
        Random random = new(seed);
        MemoryStream expected = new();
        for (int i = 0; i < frames; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    TestPingFrame ping = new((ulong)random.NextInt64());
                    builder.AddFrame(in ping);
                    expected.Write(ReferenceEncoding.Encode(ping, default));
                    break;
                default:
                    int length = random.Next(3) == 0 ? random.Next(0, maxPayload) : random.Next(0, 64);
                    int offset = random.Next(0, source.Length - length);
                    byte? pad = random.Next(3) == 0 ? (byte)random.Next(0, 256) : null;
                    TestDataFrame data = new((uint)random.Next(1, int.MaxValue), pad);
                    ReadOnlyMemory<byte> payload = source.AsMemory(offset, length);
                    builder.AddFrame(in data, payload);
                    expected.Write(ReferenceEncoding.Encode(data, payload.Span));
                    break;
            }
        }

        return expected.ToArray();
    }

    public static byte[] Source(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

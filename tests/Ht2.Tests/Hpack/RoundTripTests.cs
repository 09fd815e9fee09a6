using System;
using System.Collections.Generic;
using System.Text;

namespace Ht2.Tests.Hpack;

public class RoundTripTests
{
    private static readonly string[] Names =
    {
        ":method", ":path", ":status", ":authority", "content-length", "content-type", "set-cookie", "x-trace", "a", "accept-encoding",
    };

    [Theory]
    [InlineData(1, HpackFieldOptions.None)]
    [InlineData(2, HpackFieldOptions.Huffman)]
    [InlineData(3, HpackFieldOptions.NeverIndexed)]
    [InlineData(4, HpackFieldOptions.Huffman | HpackFieldOptions.NeverIndexed)]
    public void RandomHeaderListsSurviveEncoderThenDecoder(int seed, HpackFieldOptions options)
    {
        Random random = new(seed);
        HpackDecoder decoder = new();
        for (int round = 0; round < 200; round++)
        {
            List<(byte[] Name, byte[] Value)> fields = RandomFields(random);
            int size = 0;
            foreach ((byte[] name, byte[] value) in fields)
            {
                size += HpackEncoder.GetEncodedLength(name, value, options);
            }

            byte[] block = new byte[size];
            int written = 0;
            foreach ((byte[] name, byte[] value) in fields)
            {
                Assert.True(HpackEncoder.TryEncodeHeader(name, value, block.AsSpan(written), out int n, options));
                written += n;
            }

            Assert.Equal(size, written);
            List<(string, string)> decoded = HpackTestKit.Decode(decoder, block);
            Assert.Equal(fields.ConvertAll(f => (Encoding.Latin1.GetString(f.Name), Encoding.Latin1.GetString(f.Value))), decoded);

            // The encoder never indexes, so the peer's table stays empty.
            Assert.Equal(0, decoder.DynamicTableCount);
        }
    }

    private static List<(byte[], byte[])> RandomFields(Random random)
    {
        List<(byte[], byte[])> fields = new();
        int count = random.Next(0, 12);
        for (int i = 0; i < count; i++)
        {
            byte[] name = Encoding.ASCII.GetBytes(Names[random.Next(Names.Length)]);
            int length = random.Next(6) switch
            {
                0 => 0,
                1 => random.Next(1, 127),
                2 => random.Next(127, 300),        // two-octet length prefix
                3 => random.Next(16383, 20000),    // three- and four-octet prefixes
                _ => random.Next(1, 20),
            };

            byte[] value = new byte[length];
            if (random.Next(2) == 0)
            {
                random.NextBytes(value);           // any octet, exercising long Huffman codes
            }
            else
            {
                for (int j = 0; j < value.Length; j++)
                {
                    value[j] = (byte)random.Next(0x20, 0x7F);
                }
            }

            if (random.Next(8) == 0)
            {
                value = Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "GET" : "200"); // sometimes an exact static match
            }

            fields.Add((name, value));
        }

        return fields;
    }
}

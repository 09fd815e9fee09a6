using System;
using System.Collections.Generic;

namespace Ht2.Fuzz;

/// <summary>
/// The encoder half of the <c>hpack</c> target: fields a decoder produced are encoded again by
/// <see cref="HpackEncoder"/> and decoded by a fresh <see cref="HpackDecoder"/> (the encoder indexes nothing, so no
/// table state carries over), which must give the same fields back. The encoder refuses exactly the names it
/// documents (empty, or with an uppercase ASCII letter), and its length functions agree with what it writes.
/// </summary>
public static class HpackEncoderRoundTrip
{
    /// <summary>Encodes <paramref name="fields"/> with <paramref name="options"/> and checks the round trip.</summary>
    public static void Check(List<(byte[] Name, byte[] Value)> fields, HpackFieldOptions options)
    {
        List<(byte[] Name, byte[] Value)> encodable = new();
        List<byte> block = new();
        foreach ((byte[] name, byte[] value) in fields)
        {
            bool valid = name.Length > 0 && !name.AsSpan().ContainsAnyInRange((byte)'A', (byte)'Z');
            int length;
            try
            {
                length = HpackEncoder.GetEncodedLength(name, value, options);
            }
            catch (ArgumentException)
            {
                FuzzFailure.Check(!valid, $"the encoder refused the name {Convert.ToHexString(name)}");
                continue;
            }

            FuzzFailure.Check(valid, $"the encoder took the name {Convert.ToHexString(name)}");
            FuzzFailure.Check(length <= HpackEncoder.GetMaxEncodedLength(name.Length, value.Length), $"encoded length {length} above the bound");
            byte[] destination = new byte[length];
            FuzzFailure.Check(HpackEncoder.TryEncodeHeader(name, value, destination, out int written, options) && written == length,
                $"TryEncodeHeader wrote {written} of the {length} bytes GetEncodedLength announced");
            FuzzFailure.Check(!HpackEncoder.TryEncodeHeader(name, value, destination.AsSpan(0, length - 1), out _, options), "TryEncodeHeader fit in one byte less");
            block.AddRange(destination);
            encodable.Add((name, value));
        }

        FieldList decoded = FieldList.Create();
        try
        {
            new HpackDecoder().Decode(block.ToArray(), ref decoded);
        }
        catch (Ht2ProtocolException e)
        {
            throw new FuzzFailure($"the decoder refused what the encoder wrote ({options}): {e.Reason} {Convert.ToHexString(block.ToArray())}");
        }

        FuzzFailure.Check(decoded.Fields.Count == encodable.Count && FieldList.Same(decoded.Fields, encodable, encodable.Count),
            $"the encoder's block ({options}) decoded to {decoded.Fields.Count} fields instead of {encodable.Count}");
    }
}

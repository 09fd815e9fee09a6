using System;

namespace Ht2.Fuzz;

/// <summary>
/// Target <c>hpack-diff</c>: the same operations (<see cref="HpackScript"/>, no control byte) through Ht2's
/// <see cref="HpackDecoder"/> and libnghttp2's inflater in step. Each block must give the same field list from
/// both, or fail in both; after a failure the input ends (the connection would be closed).
/// </summary>
/// <remarks>
/// Known legitimate differences, normalised before comparing (docs/fuzzing.md): none is needed for the inflater
/// alone, which validates no field name or value (nghttp2 does that in its session layer, Ht2 in
/// HttpFieldValidator). A table size operation that nghttp2 refuses (it accepts one only between blocks) ends
/// the input without a comparison.
/// </remarks>
public static class HpackDiffTarget
{
    /// <summary>Runs one input; throws <see cref="FuzzFailure"/> when the decoders disagree.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        using NgHttp2Inflater reference = new();
        HpackDecoder decoder = new();
        HpackScript script = new(input);
        int block = 0;
        while (script.MoveNext())
        {
            if (script.TableSize >= 0)
            {
                if (!reference.TryChangeTableSize(script.TableSize))
                {
                    return;
                }

                decoder.SetMaxHeaderTableSize(script.TableSize);
                continue;
            }

            FieldList ours = FieldList.Create();
            FieldList theirs = FieldList.Create();
            bool ok;
            string error = "";
            try
            {
                ok = decoder.TryDecode(script.Block, ref ours);
            }
            catch (Ht2ProtocolException e) when (e.ErrorCode == Http2ErrorCode.CompressionError)
            {
                ok = false;
                error = e.Reason;
            }

            bool referenceOk = reference.TryDecode(script.Block, theirs.Fields);
            FuzzFailure.Check(ok == referenceOk, $"block {block}: Ht2 {(ok ? "decoded" : "refused (" + error + ")")}, nghttp2 {(referenceOk ? "decoded" : "refused")} {Convert.ToHexString(script.Block)}");
            if (!ok)
            {
                return;
            }

            FuzzFailure.Check(ours.Fields.Count == theirs.Fields.Count && FieldList.Same(ours.Fields, theirs.Fields, ours.Fields.Count),
                $"block {block}: Ht2 decoded {ours.Fields.Count} fields, nghttp2 {theirs.Fields.Count}: {Convert.ToHexString(script.Block)}");
            block++;
        }
    }
}

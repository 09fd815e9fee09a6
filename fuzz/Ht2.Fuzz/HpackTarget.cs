using System;
using System.Collections.Generic;

namespace Ht2.Fuzz;

/// <summary>
/// Target <c>hpack</c>: header blocks and table size changes (<see cref="HpackScript"/>) through two
/// <see cref="HpackDecoder"/>s in step, one with no header-list limit and one with a small limit. A malformed block
/// must fail both with COMPRESSION_ERROR and nothing else; otherwise the limited decoder delivers exactly the
/// fields that fit, in order, reports whether all did, and both dynamic tables stay identical and within bounds.
/// </summary>
/// <remarks>
/// Control byte: bits 0..1 pick the small limit (0, 64, 200, 4096 bytes), bits 2..3 the initial table size (4096, 0,
/// 256, 65536), bits 4..5 the <see cref="HpackFieldOptions"/> with which every decoded list is encoded again and
/// decoded back (<see cref="HpackEncoderRoundTrip"/>).
/// </remarks>
public static class HpackTarget
{
    private static readonly int[] SmallLimits = [0, 64, 200, 4096];
    private static readonly int[] TableSizes = [4096, 0, 256, 65536];

    /// <summary>Runs one input; throws <see cref="FuzzFailure"/> when the decoders disagree or break a bound.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        int limit = SmallLimits[input[0] & 3];
        int tableSize = TableSizes[(input[0] >> 2) & 3];
        HpackDecoder large = new(tableSize);
        HpackDecoder small = new(tableSize, limit);
        HpackFieldOptions options = (HpackFieldOptions)((input[0] >> 4) & 3);
        HpackScript script = new(input.Slice(1));
        while (script.MoveNext())
        {
            if (script.TableSize >= 0)
            {
                large.SetMaxHeaderTableSize(script.TableSize);
                small.SetMaxHeaderTableSize(script.TableSize);
            }
            else if (!DecodeBoth(large, small, script.Block, options))
            {
                return;
            }

            FuzzFailure.Check(large.DynamicTableSize == small.DynamicTableSize && large.DynamicTableCount == small.DynamicTableCount
                && large.DynamicTableMaxSize == small.DynamicTableMaxSize, "the two dynamic tables diverged");
            FuzzFailure.Check(large.DynamicTableSize <= large.DynamicTableMaxSize && large.DynamicTableMaxSize <= large.MaxHeaderTableSize,
                $"table size {large.DynamicTableSize} / max {large.DynamicTableMaxSize} / setting {large.MaxHeaderTableSize}");
        }
    }

    // Returns false when the block failed (the connection would be closed).
    private static bool DecodeBoth(HpackDecoder large, HpackDecoder small, ReadOnlySpan<byte> block, HpackFieldOptions options)
    {
        FieldList all = FieldList.Create();
        FieldList fitting = FieldList.Create();
        string? largeError = TryDecode(large, block, ref all, out bool allFit);
        string? smallError = TryDecode(small, block, ref fitting, out bool fit);
        FuzzFailure.Check((largeError is null) == (smallError is null), $"unlimited decoder: {largeError ?? "ok"}; limited decoder: {smallError ?? "ok"}");
        if (largeError is not null)
        {
            return false;
        }

        FuzzFailure.Check(allFit, "a decoder without a limit reported the list too large");
        long size = 0;
        int fits = 0;
        while (fits < all.Fields.Count && size + FieldList.Size(all.Fields[fits]) <= small.MaxHeaderListSize)
        {
            size += FieldList.Size(all.Fields[fits]);
            fits++;
        }

        FuzzFailure.Check(fit == (fits == all.Fields.Count), $"limit {small.MaxHeaderListSize}: {fits} of {all.Fields.Count} fields fit but TryDecode said {fit}");
        FuzzFailure.Check(fitting.Fields.Count == fits && FieldList.Same(all.Fields, fitting.Fields, fits), $"limit {small.MaxHeaderListSize}: delivered {fitting.Fields.Count} fields, {fits} fit");
        HpackEncoderRoundTrip.Check(all.Fields, options);
        return true;
    }

    private static string? TryDecode(HpackDecoder decoder, ReadOnlySpan<byte> block, ref FieldList fields, out bool fit)
    {
        fit = false;
        try
        {
            fit = decoder.TryDecode(block, ref fields);
            return null;
        }
        catch (Ht2ProtocolException e) when (e.ErrorCode == Http2ErrorCode.CompressionError && e.Scope == ErrorScope.Connection)
        {
            return e.Message;
        }
    }
}

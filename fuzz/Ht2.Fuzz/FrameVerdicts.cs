using System;
using System.Collections.Generic;

namespace Ht2.Fuzz;

/// <summary>What one reading path concluded about one frame, kept so two paths can be compared field by field.</summary>
public readonly record struct FrameVerdict(
    FrameReadStatus Status,
    FrameHeader Header,
    long Consumed,
    Http2ErrorCode Code,
    ErrorScope Scope,
    uint StreamId,
    string? Reason,
    int PayloadHash,
    FrameError Sequencer,
    int Parse)
{
    /// <summary>A payload digest that two paths over the same bytes must agree on.</summary>
    public static int Hash(ReadOnlySpan<byte> payload)
    {
        HashCode hash = default;
        hash.AddBytes(payload);
        return hash.ToHashCode() ^ payload.Length;
    }

    /// <summary>Compares two verdict lists; the first difference is the failure.</summary>
    public static void CheckSame(List<FrameVerdict> span, List<FrameVerdict> sequence, string what)
    {
        FuzzFailure.Check(span.Count == sequence.Count, $"{what}: span path read {span.Count} frames, sequence path {sequence.Count}");
        for (int i = 0; i < span.Count; i++)
        {
            FuzzFailure.Check(span[i] == sequence[i], $"{what}: frame {i} span {span[i]} vs sequence {sequence[i]}");
        }
    }
}

using System;
using System.Buffers;

namespace Ht2;

public static partial class FrameReader
{
    // Prefixes and straddling units up to this size are gathered on the stack; larger ones (extension frames
    // with unusually large fixed fields or units) use a pooled buffer, so no read allocates.
    private const int StackBytes = 64;

    /// <summary>
    /// The header stage: the local maximum frame size, then the type's header rules. A connection error means
    /// "refuse now, unbuffered"; a stream or ignore verdict is reported once the whole frame is there.
    /// </summary>
    private static FrameError CheckHeader(in FrameHeader header, int localMaxFrameSize, FrameRuleSet? rules)
    {
        FrameError error = FrameRules.CheckLength(header, localMaxFrameSize);
        return error.IsError || rules is null ? error : rules.CheckHeader(header);
    }

    private static bool RefusesNow(in FrameError error) => error.IsError && error.Scope == ErrorScope.Connection;

    private static FrameReadStatus StatusOf(in FrameError error) =>
        !error.IsError ? FrameReadStatus.Complete
        : error.Scope == ErrorScope.Ignore ? FrameReadStatus.Ignored
        : FrameReadStatus.Error;

    // The rules after the header ones, over a complete contiguous payload.
    private static FrameError CheckContent(in FrameHeader header, ReadOnlySpan<byte> payload, FrameRuleSet? rules)
    {
        if (rules is null)
        {
            return default;
        }

        ReadOnlySpan<byte> prefix = payload.Slice(0, Math.Min(payload.Length, rules.PrefixLength));
        FrameError error = rules.CheckPrefix(header, prefix);
        if (error.IsError || rules.VariablePartUnit == 0)
        {
            return error;
        }

        rules.GetVariablePart(header, prefix, out int offset, out int length);
        return rules.CheckVariablePart(header, prefix, payload.Slice(offset, length));
    }

    // The same rules over a payload that may span segments: only the prefix (and at most one straddling unit at a
    // time) is copied; the variable part goes to CheckVariablePart<TFrame> through the rule set.
    private static FrameError CheckContent(in FrameHeader header, in ReadOnlySequence<byte> payload, FrameRuleSet? rules)
    {
        if (payload.IsSingleSegment || rules is null)
        {
            return CheckContent(header, payload.FirstSpan, rules);
        }

        byte[]? rented = null;
        Span<byte> buffer = rules.PrefixLength <= StackBytes
            ? stackalloc byte[StackBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(rules.PrefixLength));
        try
        {
            Span<byte> prefix = buffer.Slice(0, (int)Math.Min(payload.Length, rules.PrefixLength));
            payload.Slice(0, prefix.Length).CopyTo(prefix);
            FrameError error = rules.CheckPrefix(header, prefix);
            if (error.IsError || rules.VariablePartUnit == 0)
            {
                return error;
            }

            rules.GetVariablePart(header, prefix, out int offset, out int length);
            return rules.CheckVariablePart(header, prefix, payload.Slice(offset, length));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Checks the variable part of a <typeparamref name="TFrame"/> that may span segments with the frame's
    /// variable-part rules (<see cref="IHt2Frame{TSelf}.CheckVariablePart"/>), as the reader does: a contiguous part is
    /// checked in place, runs of whole units are handed over segment by segment, and only a unit that straddles
    /// segments (or the whole part, for a rule that needs it whole) is gathered, on the stack up to 64 bytes and in a
    /// pooled buffer above. The generated <c>TryParse</c> over a sequence calls this.
    /// </summary>
    /// <param name="header">The frame header.</param>
    /// <param name="prefix">The fixed fields, as <see cref="IHt2Frame{TSelf}.CheckPrefix"/> accepted them.</param>
    /// <param name="variablePart">The variable part: after the fixed fields, before the padding.</param>
    /// <returns>The default value when the variable part passes.</returns>
    public static FrameError CheckVariablePart<TFrame>(in FrameHeader header, ReadOnlySpan<byte> prefix, in ReadOnlySequence<byte> variablePart)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        if (TFrame.VariablePartUnit == 0)
        {
            return default;
        }

        if (variablePart.IsSingleSegment)
        {
            return TFrame.CheckVariablePart(header, prefix, variablePart.FirstSpan);
        }

        // A rule that needs the variable part whole gets it gathered once, as one unit of its full length.
        int unit = TFrame.VariablePartUnit == 1 ? (int)variablePart.Length : TFrame.VariablePartUnit;
        byte[]? rented = null;
        Span<byte> carry = unit <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(unit));
        try
        {
            int carried = 0;
            foreach (ReadOnlyMemory<byte> segment in variablePart)
            {
                ReadOnlySpan<byte> span = segment.Span;
                if (carried > 0)
                {
                    int take = Math.Min(unit - carried, span.Length);
                    span.Slice(0, take).CopyTo(carry.Slice(carried));
                    carried += take;
                    span = span.Slice(take);
                    if (carried < unit)
                    {
                        continue;
                    }

                    FrameError straddling = TFrame.CheckVariablePart(header, prefix, carry.Slice(0, unit));
                    if (straddling.IsError)
                    {
                        return straddling;
                    }

                    carried = 0;
                }

                int whole = span.Length - (span.Length % unit);
                FrameError error = whole > 0 ? TFrame.CheckVariablePart(header, prefix, span.Slice(0, whole)) : default;
                if (error.IsError)
                {
                    return error;
                }

                span.Slice(whole).CopyTo(carry);
                carried = span.Length - whole;
            }

            // The header rules made the length a multiple of the unit, so nothing is left over.
            return default;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

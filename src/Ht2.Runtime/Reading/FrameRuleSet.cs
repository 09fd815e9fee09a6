using System;
using System.Buffers;

namespace Ht2;

/// <summary>
/// One frame type's generated rules behind a virtual call, so the reader dispatches on the type byte through
/// a table without knowing the frame struct. Instances are created once per type and never at read time.
/// </summary>
internal abstract class FrameRuleSet
{
    protected FrameRuleSet(Type frameStruct, int prefixLength, int variablePartUnit)
    {
        FrameStruct = frameStruct;
        PrefixLength = prefixLength;
        VariablePartUnit = variablePartUnit;
    }

    /// <summary>The frame struct these rules belong to.</summary>
    public Type FrameStruct { get; }

    /// <summary>How many leading payload bytes <see cref="CheckPrefix"/> reads at most.</summary>
    public int PrefixLength { get; }

    /// <summary>0: no rule reads the variable part; 1: one reads all of it at once; n: any run of whole n-byte units.</summary>
    public int VariablePartUnit { get; }

    public abstract FrameError CheckHeader(in FrameHeader header);

    public abstract FrameError CheckPrefix(in FrameHeader header, ReadOnlySpan<byte> prefix);

    public abstract void GetVariablePart(in FrameHeader header, ReadOnlySpan<byte> prefix, out int offset, out int length);

    public abstract FrameError CheckVariablePart(in FrameHeader header, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> variablePart);

    /// <summary>The variable-part rules over a part that may span segments (<see cref="FrameReader.CheckVariablePart{TFrame}"/>).</summary>
    public abstract FrameError CheckVariablePart(in FrameHeader header, ReadOnlySpan<byte> prefix, in ReadOnlySequence<byte> variablePart);
}

/// <summary>The rules of <typeparamref name="TFrame"/>, as generated from its declaration.</summary>
internal sealed class FrameRuleSet<TFrame> : FrameRuleSet where TFrame : struct, IHt2Frame<TFrame>
{
    public static readonly FrameRuleSet<TFrame> Instance = new();

    private FrameRuleSet()
        : base(typeof(TFrame), TFrame.CheckedPrefixLength, TFrame.VariablePartUnit)
    {
    }

    public override FrameError CheckHeader(in FrameHeader header) => TFrame.CheckHeader(header);

    public override FrameError CheckPrefix(in FrameHeader header, ReadOnlySpan<byte> prefix) => TFrame.CheckPrefix(header, prefix);

    public override void GetVariablePart(in FrameHeader header, ReadOnlySpan<byte> prefix, out int offset, out int length) =>
        TFrame.GetVariablePart(header, prefix, out offset, out length);

    public override FrameError CheckVariablePart(in FrameHeader header, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> variablePart) =>
        TFrame.CheckVariablePart(header, prefix, variablePart);

    public override FrameError CheckVariablePart(in FrameHeader header, ReadOnlySpan<byte> prefix, in ReadOnlySequence<byte> variablePart) =>
        FrameReader.CheckVariablePart<TFrame>(header, prefix, variablePart);
}

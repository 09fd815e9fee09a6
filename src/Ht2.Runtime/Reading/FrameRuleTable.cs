using System;

namespace Ht2;

/// <summary>
/// The reader's type byte → rules table: the ten RFC 9113 frames, plus the extension frames registered on a
/// <see cref="FrameReaderOptions"/>. A type without rules is unknown and ignored (RFC 9113 §5.5) except inside a
/// header block, which <see cref="HeaderBlockSequencer"/> enforces. Immutable: registering builds a new table.
/// </summary>
internal sealed class FrameRuleTable
{
    private readonly FrameRuleSet?[] _rules;

    private FrameRuleTable(FrameRuleSet?[] rules) => _rules = rules;

    /// <summary>The ten frame types of RFC 9113, registered through <see cref="With{TFrame}"/> like any other.</summary>
    public static FrameRuleTable Standard { get; } = new FrameRuleTable(new FrameRuleSet?[256])
        .With<DataFrame>().With<HeadersFrame>().With<PriorityFrame>().With<RstStreamFrame>().With<SettingsFrame>()
        .With<PushPromiseFrame>().With<PingFrame>().With<GoAwayFrame>().With<WindowUpdateFrame>().With<ContinuationFrame>();

    /// <summary>The rules of <paramref name="type"/>, or null for a type nobody declared.</summary>
    public FrameRuleSet? this[FrameType type] => _rules[(byte)type];

    /// <summary>A copy of this table that also holds <typeparamref name="TFrame"/>'s rules.</summary>
    /// <exception cref="InvalidOperationException">Another frame struct already owns the type byte.</exception>
    public FrameRuleTable With<TFrame>() where TFrame : struct, IHt2Frame<TFrame>
    {
        byte type = (byte)TFrame.FrameType;
        FrameRuleSet? existing = _rules[type];
        if (existing is not null)
        {
            if (existing.FrameStruct == typeof(TFrame))
            {
                return this;
            }

            throw new InvalidOperationException($"Frame type 0x{type:X2} is already read as {existing.FrameStruct.Name}; it cannot also be {typeof(TFrame).Name}.");
        }

        var rules = (FrameRuleSet?[])_rules.Clone();
        rules[type] = FrameRuleSet<TFrame>.Instance;
        return new FrameRuleTable(rules);
    }
}

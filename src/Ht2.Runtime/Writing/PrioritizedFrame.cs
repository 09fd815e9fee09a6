using System;

namespace Ht2;

/// <summary>
/// A frame, its variable part and a send priority for <see cref="MultiFrameWriter.AddPrioritized{TFrame}(in TFrame, ReadOnlyMemory{byte}, int)"/>.
/// Higher priorities go out first; see <see cref="MultiFrameWriter"/> for the ordering rule.
/// </summary>
/// <typeparam name="TFrame">Any <see cref="Ht2FrameAttribute"/> struct.</typeparam>
/// <param name="Frame">The frame.</param>
/// <param name="Payload">The variable part (data, header block fragment, debug data, SETTINGS entries).</param>
/// <param name="Priority">Higher is sent earlier; 0 is what <see cref="MultiFrameWriter.Add{TFrame}"/> uses.</param>
public readonly record struct PrioritizedFrame<TFrame>(TFrame Frame, ReadOnlyMemory<byte> Payload, int Priority)
    where TFrame : struct, IHt2Frame<TFrame>;

using System;
using System.Collections.Generic;

namespace Ht2.Fuzz;

/// <summary>Every fuzz target by the name used on the command line, in fuzz/run.sh and as the corpus folder.</summary>
public static class Targets
{
    /// <summary>One input through one target.</summary>
    public delegate void Target(ReadOnlySpan<byte> input);

    /// <summary>The targets, by name.</summary>
    public static IReadOnlyDictionary<string, Target> All { get; } = new Dictionary<string, Target>
    {
        ["frames"] = FrameTarget.Run,
        ["hpack"] = HpackTarget.Run,
        ["hpack-diff"] = HpackDiffTarget.Run,
        ["session"] = SessionTarget.Run,
        ["roundtrip"] = RoundTripTarget.Run,
    };
}

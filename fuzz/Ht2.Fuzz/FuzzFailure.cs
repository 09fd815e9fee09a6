using System;

namespace Ht2.Fuzz;

/// <summary>
/// An invariant a target checks was broken (two paths disagree, a bound was passed). It escapes the target on purpose:
/// AFL++ records the input as a crash and the corpus replay fails.
/// </summary>
public sealed class FuzzFailure : Exception
{
    /// <summary>Creates the failure with what was expected and what happened.</summary>
    public FuzzFailure(string message)
        : base(message)
    {
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzFailure(message);
        }
    }
}

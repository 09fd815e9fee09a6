using System;

namespace Ht2.Tests.Frames;

internal static class FrameAssert
{
    /// <summary>The frame written equals the hand-made vector, and the vector parses back to the same frame and variable part.</summary>
    public static void RoundTrips<TFrame>(TFrame frame, byte[] variablePart, byte[] expectedWire)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        Assert.Equal(expectedWire, FrameBytes.Write(frame, variablePart));
        TFrame parsed = FrameBytes.Parse<TFrame>(expectedWire, out byte[] parsedVariable);
        Assert.Equal(frame, parsed);
        Assert.Equal(variablePart, parsedVariable);
    }

    /// <summary>The bytes are rejected with exactly this code, scope and stream.</summary>
    public static void Rejects<TFrame>(byte[] wire, Http2ErrorCode code, ErrorScope scope, uint streamId = 0)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        FrameError error = FrameBytes.ParseError<TFrame>(wire);
        Assert.Equal(code, error.Code);
        Assert.Equal(scope, error.Scope);
        Assert.Equal(streamId, error.StreamId);
    }
}

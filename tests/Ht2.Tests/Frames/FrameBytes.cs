using System;

namespace Ht2.Tests.Frames;

/// <summary>Turns a frame struct into its full wire bytes, and parses them back, through the generated members.</summary>
internal static class FrameBytes
{
    public static byte[] Write<TFrame>(in TFrame frame, ReadOnlySpan<byte> variablePart)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        var bytes = new byte[frame.PrefixLength + variablePart.Length + frame.PaddingLength];
        int written = frame.WritePrefix(bytes, variablePart.Length);
        Assert.Equal(frame.PrefixLength, written);
        variablePart.CopyTo(bytes.AsSpan(written));
        return bytes;
    }

    public static TFrame Parse<TFrame>(byte[] wire, out byte[] variablePart)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        FrameHeader header = FrameHeader.Read(wire);
        Assert.Equal(wire.Length - FrameHeader.Size, header.Length);
        TFrame frame = TFrame.Parse(in header, wire.AsSpan(FrameHeader.Size), out ReadOnlySpan<byte> variable);
        variablePart = variable.ToArray();
        return frame;
    }

    public static FrameError ParseError<TFrame>(byte[] wire)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        FrameHeader header = FrameHeader.Read(wire);
        bool ok = TFrame.TryParse(in header, wire.AsSpan(FrameHeader.Size), out _, out _, out FrameError error);
        Assert.False(ok);
        Assert.True(error.IsError);
        var thrown = Assert.Throws<Ht2ProtocolException>(() => TFrame.Parse(in header, wire.AsSpan(FrameHeader.Size), out _));
        Assert.Equal(error.Code, thrown.ErrorCode);
        Assert.Equal(error.Scope, thrown.Scope);
        return error;
    }
}

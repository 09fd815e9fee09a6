using System;
using System.Collections.Generic;
using System.IO;

namespace Ht2.Tests.Writing;

/// <summary>Higher priority first, ties in add order, never an earlier frame of the same stream overtaken.</summary>
public sealed class PriorityTests
{
    private static List<Wire.Frame> Flush(MultiFrameWriter writer)
    {
        MemoryStream output = new();
        writer.FlushTo(output);
        return Wire.Split(output.ToArray());
    }

    [Fact]
    public void EqualPriorities_KeepAddOrder()
    {
        using MultiFrameWriter writer = new();
        for (uint i = 1; i <= 20; i++)
        {
            writer.AddPrioritized(new RstStreamFrame { StreamId = i }, default, 5);
        }

        Assert.Equal(Enumerate(1, 20), Flush(writer).ConvertAll(f => f.StreamId));
    }

    [Fact]
    public void HigherPriority_GoesFirst_TiesInAddOrder()
    {
        using MultiFrameWriter writer = new();
        writer.AddPrioritized(new RstStreamFrame { StreamId = 1 }, default, 1);
        writer.AddPrioritized(new RstStreamFrame { StreamId = 3 }, default, 9);
        writer.AddPrioritized(new RstStreamFrame { StreamId = 5 }, default, 1);
        writer.AddPrioritized(new RstStreamFrame { StreamId = 7 }, default, 9);
        writer.Add(new RstStreamFrame { StreamId = 9 });
        writer.AddPrioritized(new RstStreamFrame { StreamId = 11 }, default, -4);
        Assert.Equal(new uint[] { 3, 7, 1, 5, 9, 11 }, Flush(writer).ConvertAll(f => f.StreamId));
    }

    [Fact]
    public void DataNeverOvertakesItsHeaders_AndStreamZeroRulesApply()
    {
        using MultiFrameWriter writer = new();

        // Effective: A=1, B=5, C=min(9,A)=1, D=min(7,B)=5, E=3 (PING independent), F=2, G=min(8,F)=2 (SETTINGS chain).
        writer.AddPrioritized(new HeadersFrame { StreamId = 1, Flags = FrameFlags.EndHeaders }, new byte[] { 0xA }, 1);
        writer.AddPrioritized(new DataFrame { StreamId = 3 }, new byte[] { 0xB }, 5);
        writer.AddPrioritized(new DataFrame { StreamId = 1 }, new byte[] { 0xC }, 9);
        writer.AddPrioritized(new RstStreamFrame { StreamId = 3 }, default, 7);
        writer.AddPrioritized(new PingFrame { OpaqueData = 0xE }, default, 3);
        writer.AddPrioritized(new SettingsFrame(), new byte[] { 0, 1, 0, 0, 0, 0xF }, 2);
        writer.AddPrioritized(new SettingsFrame(), new byte[] { 0, 1, 0, 0, 0, 0x6 }, 8);

        List<Wire.Frame> frames = Flush(writer);
        string order = string.Join(",", frames.ConvertAll(f => $"{f.Type}:{f.StreamId}:{f.Payload[^1]:X}"));
        Assert.Equal("0:3:B,3:3:0,6:0:E,4:0:F,4:0:6,1:1:A,0:1:C", order);
    }

    [Fact]
    public void HeaderBlock_StaysContiguous_WhateverThePriorities()
    {
        using MultiFrameWriter writer = new();
        writer.AddPrioritized(new PingFrame { OpaqueData = 1 }, default, 2);
        writer.AddHeadersWithContinuations(5, new byte[40_000], endStream: false, maxFrameSize: 16_384, sendPriority: 1);

        // A CONTINUATION added separately with a higher priority is still glued behind its stream's previous frame.
        writer.AddPrioritized(new ContinuationFrame { StreamId = 5 }, new byte[1], 100);
        writer.AddPrioritized(new RstStreamFrame { StreamId = 9 }, default, 1);
        writer.AddPrioritized(new PingFrame { OpaqueData = 2 }, default, 1);
        List<Wire.Frame> frames = Flush(writer);
        Assert.Equal(
            new[] { "6:0", "1:5", "9:5", "9:5", "9:5", "3:9", "6:0" },
            frames.ConvertAll(f => $"{f.Type}:{f.StreamId}"));
    }

    [Fact]
    public void WithoutPriorities_NothingMoves_EvenWhenStreamZeroFramesFollowData()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new DataFrame { StreamId = 1 }, new byte[3]);
        writer.Add(new PingFrame());
        writer.Add(new WindowUpdateFrame { WindowSizeIncrement = 1 });
        writer.Add(new SettingsFrame { Flags = FrameFlags.Ack });
        Assert.Equal(new byte[] { 0x0, 0x6, 0x8, 0x4 }, Flush(writer).ConvertAll(f => f.Type));
    }

    [Fact]
    public void SendPrioritizedFrames_OrdersByThePublicStruct()
    {
        using MultiFrameWriter writer = new();
        PrioritizedFrame<PingFrame>[] frames =
        {
            new(new PingFrame { OpaqueData = 1 }, default, 0),
            new(new PingFrame { OpaqueData = 2 }, default, 10),
            new(new PingFrame { OpaqueData = 3 }, default, 0),
        };
        writer.AddPrioritizedFrames<PingFrame>(frames);
        Assert.Equal(new byte[] { 2, 1, 3 }, Flush(writer).ConvertAll(f => f.Payload[7]));
    }

    private static List<uint> Enumerate(uint from, uint to)
    {
        List<uint> list = new();
        for (uint i = from; i <= to; i++)
        {
            list.Add(i);
        }

        return list;
    }
}

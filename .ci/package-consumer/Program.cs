// The package check's consumer app (.ci/package copies it into a fresh `dotnet new console` project that
// references only the Ht2 package): declares an extension frame, writes it, reads it back and checks the bytes.
using System;
using Ht2;

var frame = new PriorityUpdateFrame { PrioritizedStreamId = 1 };
ReadOnlySpan<byte> value = "u=1, i"u8;
Span<byte> wire = stackalloc byte[PriorityUpdateFrame.MaxPrefixLength + 6];
int n = frame.WritePrefix(wire, value.Length);
value.CopyTo(wire[n..]);
wire = wire[..(n + value.Length)];

// RFC 9218 §7.1 by hand: length 10, type 0x10, no flags, stream 0; prioritized stream 1; then "u=1, i".
ReadOnlySpan<byte> expected = [0, 0, 10, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte)'u', (byte)'=', (byte)'1', (byte)',', (byte)' ', (byte)'i'];
if (!wire.SequenceEqual(expected))
{
    Console.Error.WriteLine("wrong bytes: " + Convert.ToHexString(wire));
    return 1;
}

FrameHeader header = FrameHeader.Read(wire);
if (!PriorityUpdateFrame.TryParse(in header, wire[9..(9 + header.Length)], out var parsed, out var field, out FrameError error))
{
    Console.Error.WriteLine(error.ToException().Message);
    return 2;
}

if (parsed.PrioritizedStreamId != 1 || !field.SequenceEqual(value))
{
    Console.Error.WriteLine($"parsed stream {parsed.PrioritizedStreamId}, field {Convert.ToHexString(field)}");
    return 3;
}

Console.WriteLine($"package consumer: PRIORITY_UPDATE for stream {parsed.PrioritizedStreamId} round-tripped ({wire.Length} bytes)");
return 0;

//  +-+-------------------------------------------------------------+
//  |R|                Prioritized Stream ID (31)                   |
//  +-+-------------------------------------------------------------+
//  |                  Priority Field Value (*)                   ...
//  +---------------------------------------------------------------+
[Ht2Frame(0x10, StreamId = StreamIdRule.Zero)]
public partial struct PriorityUpdateFrame
{
    [Ht2Bits(31)]
    public uint PrioritizedStreamId;
}

namespace Ht2.Demo;

//  +-+-------------------------------------------------------------+
//  |R|                Prioritized Stream ID (31)                   |
//  +-+-------------------------------------------------------------+
//  |                  Priority Field Value (*)                   ...
//  +---------------------------------------------------------------+
//  RFC 9218 §7.1: PRIORITY_UPDATE, type 0x10, on stream 0. The variable part is the Priority Field Value.

/// <summary>A user-declared extension frame: the generator gives it the same writer and parser as the RFC 9113 frames.</summary>
[Ht2Frame(0x10, StreamId = StreamIdRule.Zero)]
public partial struct PriorityUpdateFrame
{
    /// <summary>The stream whose priority changes.</summary>
    [Ht2Bits(31)]
    public uint PrioritizedStreamId;
}

namespace Ht2;

//  +---------------------------------------------------------------+
//  |                   Field Block Fragment (*)                  ...
//  +---------------------------------------------------------------+
//  RFC 9113 §6.10. Flags: END_HEADERS (0x4). Never on stream 0.

/// <summary>A CONTINUATION frame (RFC 9113 §6.10): the variable part is the field block fragment.</summary>
[Ht2Frame(FrameType.Continuation, Flags = FrameFlags.EndHeaders, StreamId = StreamIdRule.NonZero)]
public partial struct ContinuationFrame
{
}

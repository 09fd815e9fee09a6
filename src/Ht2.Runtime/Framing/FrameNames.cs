using System.Text;

namespace Ht2;

/// <summary>
/// The RFC 9113 names of frame types and of their flags, for logs and messages. A flag bit's name depends on the
/// frame type (0x1 is END_STREAM on DATA and HEADERS, ACK on SETTINGS and PING), so flags are always named
/// together with their type; this is the one place that knows which bits each type defines.
/// </summary>
public static class FrameNames
{
    /// <summary>The RFC 9113 name of <paramref name="type"/> ("DATA", "SETTINGS"...), or its code in hex ("0x10") for any other type.</summary>
    public static string TypeName(FrameType type) => type switch
    {
        FrameType.Data => "DATA",
        FrameType.Headers => "HEADERS",
        FrameType.Priority => "PRIORITY",
        FrameType.RstStream => "RST_STREAM",
        FrameType.Settings => "SETTINGS",
        FrameType.PushPromise => "PUSH_PROMISE",
        FrameType.Ping => "PING",
        FrameType.GoAway => "GOAWAY",
        FrameType.WindowUpdate => "WINDOW_UPDATE",
        FrameType.Continuation => "CONTINUATION",
        _ => "0x" + ((byte)type).ToString("X2"),
    };

    /// <summary>
    /// The flags set in <paramref name="flags"/>, named as <paramref name="type"/> defines them and joined by " | "
    /// in bit order ("END_STREAM | PADDED"); a bit the type does not define is shown in hex ("0x40"). Empty when no bit is set.
    /// </summary>
    public static string FlagNames(FrameType type, FrameFlags flags)
    {
        var text = new StringBuilder();
        for (int bit = 1; bit <= 0x80; bit <<= 1)
        {
            if (((int)flags & bit) == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(" | ");
            }

            text.Append(FlagName(type, (FrameFlags)bit) ?? "0x" + bit.ToString("X2"));
        }

        return text.ToString();
    }

    /// <summary>The name of one flag bit on <paramref name="type"/>, or null when that type defines no such flag.</summary>
    public static string? FlagName(FrameType type, FrameFlags bit) => (type, bit) switch
    {
        (FrameType.Data or FrameType.Headers, FrameFlags.EndStream) => "END_STREAM",
        (FrameType.Settings or FrameType.Ping, FrameFlags.Ack) => "ACK",
        (FrameType.Headers or FrameType.PushPromise or FrameType.Continuation, FrameFlags.EndHeaders) => "END_HEADERS",
        (FrameType.Data or FrameType.Headers or FrameType.PushPromise, FrameFlags.Padded) => "PADDED",
        (FrameType.Headers, FrameFlags.Priority) => "PRIORITY",
        _ => null,
    };
}

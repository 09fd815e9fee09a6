using System;

namespace Ht2.Fuzz;

/// <summary>Runs the generated <c>TryParse</c> of a frame's type and holds its verdict to the reader's.</summary>
public static class GeneratedParsers
{
    /// <summary>
    /// Parses a whole frame with its type's generated parser. A frame the reader accepted must parse; a frame the
    /// reader refused with a stream error must be refused by the parser with the same code, scope and stream.
    /// Returns a digest of the parsed frame for the cross-path comparison (0 for an unknown type).
    /// </summary>
    public static int Parse(in FrameHeader header, ReadOnlySpan<byte> payload, FrameReadStatus status, in FrameError readError) => header.Type switch
    {
        FrameType.Data => Parse<DataFrame>(header, payload, status, readError),
        FrameType.Headers => Parse<HeadersFrame>(header, payload, status, readError),
        FrameType.Priority => Parse<PriorityFrame>(header, payload, status, readError),
        FrameType.RstStream => Parse<RstStreamFrame>(header, payload, status, readError),
        FrameType.Settings => Parse<SettingsFrame>(header, payload, status, readError),
        FrameType.PushPromise => Parse<PushPromiseFrame>(header, payload, status, readError),
        FrameType.Ping => Parse<PingFrame>(header, payload, status, readError),
        FrameType.GoAway => Parse<GoAwayFrame>(header, payload, status, readError),
        FrameType.WindowUpdate => Parse<WindowUpdateFrame>(header, payload, status, readError),
        FrameType.Continuation => Parse<ContinuationFrame>(header, payload, status, readError),
        _ => 0,
    };

    private static int Parse<T>(in FrameHeader header, ReadOnlySpan<byte> payload, FrameReadStatus status, in FrameError readError)
        where T : struct, IHt2Frame<T>
    {
        bool ok = T.TryParse(header, payload, out T frame, out ReadOnlySpan<byte> variablePart, out FrameError error);
        if (status == FrameReadStatus.Complete)
        {
            FuzzFailure.Check(ok, $"reader accepted {header} but {typeof(T).Name}.TryParse refused it: {error.Code} {error.Reason}");
        }
        else
        {
            FuzzFailure.Check(!ok && error.Code == readError.Code && error.Scope == readError.Scope && error.StreamId == readError.StreamId,
                $"reader refused {header} ({readError.Code}/{readError.Scope}/{readError.Reason}) but {typeof(T).Name}.TryParse said {ok} {error.Code}/{error.Scope}/{error.Reason}");
            return -1 - (int)error.Code;
        }

        FuzzFailure.Check(frame.StreamId == header.StreamId && frame.Flags == header.Flags, $"{typeof(T).Name} parsed stream {frame.StreamId} flags {frame.Flags} from {header}");
        FuzzFailure.Check(frame.GetPayloadLength(variablePart.Length) == header.Length, $"{typeof(T).Name}: fixed {frame.FixedLength} + variable {variablePart.Length} + padding {frame.PaddingLength} != {header.Length}");
        return HashCode.Combine(frame, FrameVerdict.Hash(variablePart));
    }
}

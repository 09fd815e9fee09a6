using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

public sealed partial class Ht2Connection
{
    /// <summary>
    /// Client side: writes the connection preface and a SETTINGS frame with <paramref name="settings"/> in one
    /// write, and makes the reader require SETTINGS as the server's first frame. Advertise
    /// <see cref="FrameReaderOptions.LocalMaxFrameSize"/> here when it is not 16384.
    /// </summary>
    /// <exception cref="ArgumentException">A SETTINGS value is out of range; nothing is written.</exception>
    public void WriteClientPreface(ReadOnlySpan<SettingsEntry> settings)
    {
        SettingsStage stage = new(settings, preface: true);
        StageAndFlush(ref stage);
    }

    /// <summary>
    /// Server side: reads and checks the client preface, then reads the frame after it, which must be SETTINGS
    /// (applied and, with auto-acknowledgement, acknowledged; if this side has not sent its own SETTINGS yet, an
    /// empty one is sent before the ACK, as RFC 9113 §3.4 requires). Returns that SETTINGS frame. A wrong preface or a
    /// first frame other than SETTINGS is a PROTOCOL_ERROR connection error.
    /// </summary>
    /// <exception cref="Ht2ProtocolException">The preface is wrong or not followed by SETTINGS.</exception>
    public ValueTask<ReceivedFrame> ReadClientPrefaceAsync(CancellationToken cancellationToken = default)
    {
        _expectPreface = true;
        _expectSettingsFirst = true;
        return ReadFrameAsync(cancellationToken);
    }

    /// <summary>Consumes the client preface once it is whole; false while its bytes so far agree with it.</summary>
    /// <exception cref="Ht2ProtocolException">A received byte differs from the preface.</exception>
    private bool TryConsumePreface()
    {
        int matched = ConnectionPreface.Match(_receive.Span);
        if (matched < 0)
        {
            throw new Ht2ProtocolException(Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0, ConnectionPreface.MismatchReason);
        }

        _receive.Consume(matched);
        _expectPreface = matched == 0;
        return matched > 0;
    }
}

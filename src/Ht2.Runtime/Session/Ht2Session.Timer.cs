using System;
using System.Threading;

namespace Ht2;

// One timer per session checks every deadline: handshake, SETTINGS ACK, idle, keep-alive, write stall, graceful
// shutdown and the linger after the final GOAWAY. Time comes from the injected TimeProvider.
public sealed partial class Ht2Session
{
    private const ulong KeepAlivePingData = 0x4874_324B_6565_7041;

    // "No timestamp": any real timestamp, 0 included, is larger.
    private const long NotSet = long.MinValue;

    private ITimer? _timer;
    private long _handshakeDeadline;
    private long _idleSince;
    private long _lastReceiveAt;
    private long _keepAlivePingSentAt = NotSet;
    private long _flushStartedAt = NotSet;
    private long _shutdownDeadline;
    private long _lingerDeadline = NotSet;

    /// <summary>The timestamp <paramref name="timeout"/> from now; long.MaxValue for an infinite timeout.</summary>
    private long Deadline(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout == TimeSpan.MaxValue
            ? long.MaxValue
            : _time.GetTimestamp() + ToTimestampTicks(timeout);

    private long ToTimestampTicks(TimeSpan timeout) => (long)(timeout.TotalSeconds * _time.TimestampFrequency);

    private bool HasElapsed(long since, TimeSpan timeout, long now) =>
        timeout != Timeout.InfiniteTimeSpan && timeout != TimeSpan.MaxValue && now - since >= ToTimestampTicks(timeout);

    private void OnTimer()
    {
        lock (_sync)
        {
            if (_phase == SessionPhase.Closed)
            {
                // Stryker disable once Statement : once Closed every deadline check is a no-op and CloseTransport delivered the failed sends already.
                return;
            }

            CheckDeadlines(_time.GetTimestamp());
        }

        DeliverCompletions();
        _writeSignal.Set();
    }

    private void CheckDeadlines(long now)
    {
        if (_lingerDeadline != NotSet && now >= _lingerDeadline)
        {
            CloseTransport();
        }
        else if (_flushStartedAt != NotSet && HasElapsed(_flushStartedAt, _options.WriteStallTimeout, now))
        {
            // The peer has not read for too long: drop it; a GOAWAY could not reach it anyway.
            CloseReason ??= Http2ErrorCode.EnhanceYourCalm;
            CloseTransport();
        }
        else if (_phase >= SessionPhase.Closing)
        {
            return;
        }
        else if (!_firstSettingsReceived && now >= _handshakeDeadline)
        {
            ConnectionError(Http2ErrorCode.SettingsTimeout, "No connection preface and SETTINGS in time.");
        }
        else if (_settingsAckDeadline != NotSet && now >= _settingsAckDeadline)
        {
            ConnectionError(Http2ErrorCode.SettingsTimeout, "Our SETTINGS were not acknowledged in time (RFC 9113 §6.5.3).");
        }
        else if (_phase == SessionPhase.Draining && now >= _shutdownDeadline)
        {
            ConnectionError(Http2ErrorCode.NoError, "Graceful shutdown timed out.");
        }
        else if (_phase == SessionPhase.Open && _streams.Count == 0 && HasElapsed(_idleSince, _options.IdleTimeout, now))
        {
            BeginShutdown();
        }
        else if (_options.KeepAliveInterval is TimeSpan interval)
        {
            if (_keepAlivePingSentAt != NotSet && HasElapsed(_keepAlivePingSentAt, _options.KeepAliveTimeout, now))
            {
                ConnectionError(Http2ErrorCode.InternalError, "The keep-alive PING was not acknowledged in time.");
            }
            else if (_keepAlivePingSentAt == NotSet && HasElapsed(_lastReceiveAt, interval, now))
            {
                _keepAlivePingSentAt = now;
                StageControl(new PingFrame { OpaqueData = KeepAlivePingData });
            }
        }
    }

    /// <summary>Sends a PING; its ACK arrives as <see cref="IHt2SessionHandler.OnPing"/> with ack true.</summary>
    public void Ping(ulong opaqueData)
    {
        lock (_sync)
        {
            StageControl(new PingFrame { OpaqueData = opaqueData });
        }

        SignalWriter();
    }
}

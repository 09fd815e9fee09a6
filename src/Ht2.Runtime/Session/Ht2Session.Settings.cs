using System;

namespace Ht2;

// SETTINGS both ways (RFC 9113 §6.5): ours sent first and applied when acknowledged, with a deadline; the peer's
// validated (by the frame reader), applied and acknowledged.
public sealed partial class Ht2Session
{
    private Ht2PeerSettings _peer;
    private long _settingsAckDeadline = NotSet;

    /// <summary>Stages our SETTINGS (and the connection window's opening) as the first frames of the connection.</summary>
    private void StageLocalSettings()
    {
        Span<SettingsEntry> entries = stackalloc SettingsEntry[8];
        int count = 0;
        if (Role == Ht2SessionRole.Client)
        {
            entries[count++] = new SettingsEntry(SettingsParameter.EnablePush, 0);
        }
        else
        {
            entries[count++] = new SettingsEntry(SettingsParameter.MaxConcurrentStreams, (uint)_options.MaxConcurrentStreams);
        }

        if (_options.HeaderTableSize != HpackDecoder.DefaultHeaderTableSize)
        {
            entries[count++] = new SettingsEntry(SettingsParameter.HeaderTableSize, (uint)_options.HeaderTableSize);
        }

        if (_options.Windows.StreamWindowSize != Ht2WindowPolicy.DefaultWindowSize)
        {
            entries[count++] = new SettingsEntry(SettingsParameter.InitialWindowSize, (uint)_options.Windows.StreamWindowSize);
        }

        if (_options.MaxFrameSize != FrameReaderOptions.DefaultLocalMaxFrameSize)
        {
            entries[count++] = new SettingsEntry(SettingsParameter.MaxFrameSize, (uint)_options.MaxFrameSize);
        }

        entries[count++] = new SettingsEntry(SettingsParameter.MaxHeaderListSize, (uint)_options.MaxHeaderListSize);
        if (_options.EnableConnectProtocol && Role == Ht2SessionRole.Server)
        {
            entries[count++] = new SettingsEntry(SettingsParameter.EnableConnectProtocol, 1);
        }

        _pending.Writer.AddSettings(entries.Slice(0, count));
        _settingsAckDeadline = Deadline(_options.SettingsAckTimeout);

        // SETTINGS cannot enlarge the connection window; only WINDOW_UPDATE on stream 0 can (RFC 9113 §6.9.2).
        int extra = _options.Windows.ConnectionWindowSize - Ht2WindowPolicy.DefaultWindowSize;
        if (extra > 0)
        {
            _pending.Writer.Add(new WindowUpdateFrame { StreamId = 0, WindowSizeIncrement = (uint)extra });
            _connectionReceiveWindow += extra;
        }
    }

    private void OnSettingsFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.HasFlag(FrameFlags.Ack))
        {
            OnSettingsAck();
            return;
        }

        _firstSettingsReceived = true;
        if (!Take(ref _settingsBucket, "Too many SETTINGS frames."))
        {
            return;
        }

        if (payload.Length / SettingsEntry.Size > _options.MaxSettingsEntries)
        {
            ConnectionError(Http2ErrorCode.EnhanceYourCalm, "Too many entries in one SETTINGS frame.");
            return;
        }

        Ht2PeerSettings peer = _peer;
        foreach (SettingsEntry entry in SettingsFrame.Entries(payload))
        {
            if (entry.Parameter == SettingsParameter.HeaderTableSize)
            {
                // Applies from our next header block, which signals it; the ACK is staged before that block.
                _encoder.SetPeerTableSizeLimit(entry.Value);
            }

            if (entry.Parameter == SettingsParameter.EnablePush && Role == Ht2SessionRole.Client && entry.Value != 0)
            {
                ConnectionError(Http2ErrorCode.ProtocolError, "A server sent SETTINGS_ENABLE_PUSH = 1 (RFC 9113 §6.5.2).");
                return;
            }

            if (entry.Parameter == SettingsParameter.InitialWindowSize && !ApplyInitialWindowSize(peer.InitialWindowSize, entry.Value))
            {
                return;
            }

            peer = peer.With(entry);
        }

        _pending.Writer.MaxFrameSize = (int)peer.MaxFrameSize;
        _peer = peer;
        StageControl(new SettingsFrame { Flags = FrameFlags.Ack });
        _handler.OnSettings(in peer);
    }

    /// <summary>A new SETTINGS_INITIAL_WINDOW_SIZE changes every tracked stream's send window by the difference (RFC 9113 §6.9.2).</summary>
    private bool ApplyInitialWindowSize(uint oldSize, uint newSize)
    {
        long delta = (long)newSize - oldSize;
        if (delta == 0)
        {
            return true;
        }

        foreach (Ht2Stream stream in _streams.Values)
        {
            FrameError overflow = FlowWindow.CheckShift(stream.SendCredit, delta);
            if (overflow.IsError)
            {
                ConnectionError(overflow.Code, overflow.Reason);
                return false;
            }
        }

        foreach (Ht2Stream stream in _streams.Values)
        {
            stream.SendCredit += delta;

            // Stryker disable once Equality : delta is never 0 here (returned above), so > and >= select the same streams.
            if (delta > 0 && stream.SendActive)
            {
                EnqueueReady(stream);
            }
        }

        return true;
    }

    private void OnSettingsAck()
    {
        if (_settingsAckDeadline == NotSet)
        {
            // An ACK we did not ask for changes nothing.
            // Stryker disable once Statement : only the first ACK clears the deadline and it sets _localSettingsAcked, so falling through changes nothing.
            return;
        }

        _settingsAckDeadline = NotSet;
        if (!_localSettingsAcked)
        {
            _localSettingsAcked = true;
            if (_options.HeaderTableSize != HpackDecoder.DefaultHeaderTableSize)
            {
                _decoder.SetMaxHeaderTableSize(_options.HeaderTableSize);
            }

            int delta = _options.Windows.StreamWindowSize - Ht2WindowPolicy.DefaultWindowSize;
            foreach (Ht2Stream stream in _streams.Values)
            {
                stream.ReceiveWindow += delta;
            }
        }
    }
}

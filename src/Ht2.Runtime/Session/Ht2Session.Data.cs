using System;

namespace Ht2;

// DATA scheduling: the writer stages one frame per ready stream per round (round-robin), each within the peer's
// SETTINGS_MAX_FRAME_SIZE and both send windows, until the per-write budget is used or nothing can move.
public sealed partial class Ht2Session
{
    /// <summary>Stages DATA from the ready streams into the pending batch; under _sync.</summary>
    private void StageData()
    {
        int budget = _options.MaxDataBytesPerWrite;
        while (budget > 0 && _phase < SessionPhase.Closing)
        {
            Ht2Stream? stream = DequeueReady();
            if (stream is null)
            {
                break;
            }

            // Stryker disable once Logical : a listed stream has its send armed on an Open or HalfClosedRemote stream, and what ends one
            // (its last frame staged, a reset) ends the other or takes it off the list: the two are never apart here.
            if (!stream.SendActive || stream.State is not (Ht2StreamState.Open or Ht2StreamState.HalfClosedRemote))
            {
                ReturnToPoolIfUnused(stream);
                continue;
            }

            long remaining = stream.SendCursor.Remaining;
            // The Pad Length octet and the padding: QueueData sets SendPadding to 0..255, or to -1 without padding (no overhead).
            int overhead = 1 + stream.SendPadding;
            long window = Math.Min(_connectionSendWindow, stream.SendCredit);
            long room = Math.Min(window, _peer.MaxFrameSize) - overhead;

            // An empty remainder (QueueData only lets it through with END_STREAM) still needs one frame.
            if (room < Math.Min(remaining, 1))
            {
                if (stream.SendCredit - overhead < Math.Min(remaining, 1))
                {
                    // Parked until a WINDOW_UPDATE or SETTINGS gives this stream credit.
                    continue;
                }

                // The connection window is empty: every stream waits for its WINDOW_UPDATE.
                EnqueueReady(stream);
                break;
            }

            stream.SendCursor.TryNext(stream.SendBody, (int)Math.Min(room, int.MaxValue), out DataSlice slice);
            DataFrame frame = new()
            {
                StreamId = stream.Id,
                Flags = slice.EndStream ? FrameFlags.EndStream : FrameFlags.None,
            };
            if (overhead > 0)
            {
                // Stryker disable once Assignment : Flags holds END_STREAM or nothing here, never PADDED, so ^= sets the same bit as |=.
                frame.Flags |= FrameFlags.Padded;
                frame.PadLength = (byte)stream.SendPadding;
            }

            // The slice stays referenced (pinned) until the flush; the application keeps it unchanged until then.
            _pending.Writer.Add(in frame, slice.Of(stream.SendBody));
            int payload = slice.Length + overhead;
            _connectionSendWindow -= payload;
            stream.SendCredit -= payload;
            budget -= payload;
            if (stream.SendCursor.HasFrames)
            {
                EnqueueReady(stream);
                continue;
            }

            stream.SendActive = false;
            stream.SendData = default;
            stream.CompletionQueued = true;
            _pending.Completions.Add(stream);
            if (slice.EndStream)
            {
                OnLocalEnd(stream);
            }
        }
    }
}

using System;

namespace Ht2;

// What each send call stages under the write mutex (see Ht2Connection.WriteCore.cs). Span-carrying stages are
// ref structs for the sync calls; their async twins carry the same data as Memory and stage it the same way.
public sealed partial class Ht2Connection
{
    private readonly struct FrameStage<TFrame>(TFrame frame, ReadOnlyMemory<byte> payload) : IWriteStage
        where TFrame : struct, IHt2Frame<TFrame>
    {
        public void Stage(Ht2Connection connection) => connection.AddFlowControlled(in frame, payload, 0);

        public void Abandon(Ht2Connection connection)
        {
        }
    }

    private readonly ref struct FramesStage<TFrame>(ReadOnlySpan<TFrame> frames, ReadOnlySpan<ReadOnlyMemory<byte>> payloads, int copyThreshold) : IWriteStage
        where TFrame : struct, IHt2Frame<TFrame>
    {
        private readonly ReadOnlySpan<TFrame> _frames = frames;
        private readonly ReadOnlySpan<ReadOnlyMemory<byte>> _payloads = payloads;

        public void Stage(Ht2Connection connection) => connection.AddFramesLocked(_frames, _payloads, copyThreshold);

        public void Abandon(Ht2Connection connection)
        {
        }
    }

    private readonly struct FramesMemoryStage<TFrame>(ReadOnlyMemory<TFrame> frames, ReadOnlyMemory<ReadOnlyMemory<byte>> payloads) : IWriteStage
        where TFrame : struct, IHt2Frame<TFrame>
    {
        public void Stage(Ht2Connection connection) => connection.AddFramesLocked(frames.Span, payloads.Span, IovecBuilder.DefaultCopyThreshold);

        public void Abandon(Ht2Connection connection)
        {
        }
    }

    private readonly ref struct PrioritizedStage<TFrame>(ReadOnlySpan<PrioritizedFrame<TFrame>> frames) : IWriteStage
        where TFrame : struct, IHt2Frame<TFrame>
    {
        private readonly ReadOnlySpan<PrioritizedFrame<TFrame>> _frames = frames;

        public void Stage(Ht2Connection connection) => connection.AddPrioritizedLocked(_frames);

        public void Abandon(Ht2Connection connection)
        {
        }
    }

    private readonly struct PrioritizedMemoryStage<TFrame>(ReadOnlyMemory<PrioritizedFrame<TFrame>> frames) : IWriteStage
        where TFrame : struct, IHt2Frame<TFrame>
    {
        public void Stage(Ht2Connection connection) => connection.AddPrioritizedLocked(frames.Span);

        public void Abandon(Ht2Connection connection)
        {
        }
    }

    private readonly struct HeadersStage(uint streamId, ReadOnlyMemory<byte> headerBlock, bool endStream, int? padLength, HeadersPriority? priority) : IWriteStage
    {
        public void Stage(Ht2Connection connection) => connection._writer.AddHeadersWithContinuations(streamId, headerBlock, endStream, padLength, priority);

        public void Abandon(Ht2Connection connection)
        {
        }
    }

    /// <summary>Our SETTINGS; with <paramref name="preface"/>, the client connection preface goes first (RFC 9113 §3.4).</summary>
    private readonly ref struct SettingsStage(ReadOnlySpan<SettingsEntry> entries, bool preface) : IWriteStage
    {
        private readonly ReadOnlySpan<SettingsEntry> _entries = entries;

        public void Stage(Ht2Connection connection)
        {
            if (preface)
            {
                connection._writer.AddBytes(ConnectionPreface.Bytes);
            }

            connection._writer.AddSettings(_entries);
            connection._localSettingsSent = true;
            connection._expectSettingsFirst |= preface;
        }

        public void Abandon(Ht2Connection connection)
        {
        }
    }

    /// <summary>The ACK of the peer's SETTINGS, preceded by an empty SETTINGS when we have sent none (RFC 9113 §3.4).</summary>
    private readonly struct SettingsAckStage : IWriteStage
    {
        public void Stage(Ht2Connection connection)
        {
            if (!connection._localSettingsSent)
            {
                connection._writer.AddSettings(ReadOnlySpan<SettingsEntry>.Empty);
                connection._localSettingsSent = true;
            }

            connection._writer.Add(new SettingsFrame { Flags = FrameFlags.Ack });
        }

        public void Abandon(Ht2Connection connection)
        {
        }
    }

    /// <summary>
    /// One flow-control grant of a DATA body: the credit taken (<see cref="Granted"/>) and where the body stands.
    /// The credit goes back to the windows when the mutex cannot be taken, so the windows always match what was sent.
    /// </summary>
    private struct DataGrant(uint streamId, DataCursor cursor)
    {
        public DataCursor Cursor = cursor;
        public int Granted;

        public readonly uint StreamId => streamId;

        /// <summary>True while frames remain; <see cref="Wanted"/> is then the credit to ask for (0: only the empty END_STREAM frame).</summary>
        public readonly bool HasFrames => Cursor.HasFrames;

        public readonly int Wanted => (int)Math.Min(Cursor.Remaining, int.MaxValue);

        public void Stage(Ht2Connection connection, ReadOnlySpan<ReadOnlyMemory<byte>> chunks)
            => connection._writer.AddData(streamId, chunks, ref Cursor, Granted, 0);

        public void Abandon(Ht2Connection connection)
        {
            if (Granted > 0)
            {
                connection._windows.Refund(streamId, Granted);
            }
        }
    }

    private ref struct DataStage(ReadOnlySpan<ReadOnlyMemory<byte>> chunks, DataGrant grant) : IWriteStage
    {
        private readonly ReadOnlySpan<ReadOnlyMemory<byte>> _chunks = chunks;
        public DataGrant Grant = grant;

        public void Stage(Ht2Connection connection) => Grant.Stage(connection, _chunks);

        public readonly void Abandon(Ht2Connection connection) => Grant.Abandon(connection);
    }

    /// <summary>The async DATA stage: a chunk list, or one buffer (<paramref name="single"/>, so SendDataAsync allocates no array).</summary>
    private struct DataMemoryStage(ReadOnlyMemory<ReadOnlyMemory<byte>> chunks, ReadOnlyMemory<byte> single, DataGrant grant) : IWriteStage
    {
        private readonly ReadOnlyMemory<byte> _single = single;
        public DataGrant Grant = grant;

        public void Stage(Ht2Connection connection)
            => Grant.Stage(connection, chunks.IsEmpty ? new ReadOnlySpan<ReadOnlyMemory<byte>>(in _single) : chunks.Span);

        public readonly void Abandon(Ht2Connection connection) => Grant.Abandon(connection);
    }
}

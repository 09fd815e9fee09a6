using System;
using System.Buffers;
using System.Collections.Generic;

namespace Ht2.Fuzz;

/// <summary>
/// Target <c>frames</c>: the input (after one control byte) is a stream of received bytes. It is read frame by frame
/// over a span and over a <see cref="ReadOnlySequence{T}"/> cut at seeded random points; every whole frame goes
/// through <see cref="HeaderBlockSequencer"/> and its type's generated <c>TryParse</c>. Both paths must reach the
/// same verdict for every frame, and the parser must agree with the reader (the same generated rules).
/// </summary>
/// <remarks>
/// Control byte: bits 0..5 seed the segment cuts, bit 6 picks the largest local SETTINGS_MAX_FRAME_SIZE instead of
/// the smallest, bit 7 lowers the header-block limits (2 CONTINUATION frames, 64 block bytes).
/// </remarks>
public static class FrameTarget
{
    /// <summary>Runs one input; throws <see cref="FuzzFailure"/> when the paths disagree.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte control = input[0];
        byte[] bytes = input.Slice(1).ToArray();
        FrameReaderOptions options = new()
        {
            LocalMaxFrameSize = (control & 0x40) != 0 ? FrameReaderOptions.MaxMaxFrameSize : FrameReaderOptions.MinMaxFrameSize,
            MaxContinuationFrames = (control & 0x80) != 0 ? 2 : FrameReaderOptions.DefaultMaxContinuationFrames,
            MaxHeaderBlockBytes = (control & 0x80) != 0 ? 64 : FrameReaderOptions.DefaultMaxHeaderBlockBytes,
        };

        List<FrameVerdict> span = ReadSpan(bytes, options);
        for (int cut = 0; cut < 2; cut++)
        {
            Random random = new((control & 0x3F) * 2 + cut);
            ReadOnlySequence<byte> sequence = SegmentedSequence.Split(bytes, random, cut == 0 ? 3 : 24);
            FrameVerdict.CheckSame(span, ReadSequence(sequence, options), "frames");
        }
    }

    private static List<FrameVerdict> ReadSpan(ReadOnlySpan<byte> bytes, FrameReaderOptions options)
    {
        List<FrameVerdict> verdicts = new();
        HeaderBlockSequencer sequencer = new(options);
        while (true)
        {
            FrameReadStatus status = FrameReader.TryReadFrame(bytes, options, out FrameHeader header, out ReadOnlySpan<byte> payload, out int consumed, out FrameError error);
            if (!Record(verdicts, ref sequencer, status, header, consumed, error, payload))
            {
                return verdicts;
            }

            bytes = bytes.Slice(consumed);
        }
    }

    private static List<FrameVerdict> ReadSequence(ReadOnlySequence<byte> bytes, FrameReaderOptions options)
    {
        List<FrameVerdict> verdicts = new();
        HeaderBlockSequencer sequencer = new(options);
        while (true)
        {
            FrameReadStatus status = FrameReader.TryReadFrame(bytes, options, out FrameHeader header, out ReadOnlySequence<byte> payload, out SequencePosition consumed, out FrameError error);
            long length = bytes.Slice(bytes.Start, consumed).Length;
            byte[] flat = payload.ToArray();
            if (!Record(verdicts, ref sequencer, status, header, length, error, flat))
            {
                return verdicts;
            }

            bytes = bytes.Slice(consumed);
        }
    }

    // Records one read; returns whether reading goes on (a whole frame was consumed and the block order holds).
    private static bool Record(List<FrameVerdict> verdicts, ref HeaderBlockSequencer sequencer, FrameReadStatus status, in FrameHeader header, long consumed, in FrameError error, ReadOnlySpan<byte> payload)
    {
        bool whole = consumed > 0;
        FuzzFailure.Check(whole == (status != FrameReadStatus.NeedMoreData && !(status == FrameReadStatus.Error && error.Scope == ErrorScope.Connection)),
            $"status {status} scope {error.Scope} consumed {consumed}");
        FrameError order = default;
        int parsed = 0;
        if (whole)
        {
            FuzzFailure.Check(consumed == FrameHeader.Size + header.Length && payload.Length == header.Length, $"consumed {consumed} for length {header.Length}");
            order = sequencer.TryAccept(header);
            parsed = GeneratedParsers.Parse(header, payload, status, error);
            whole = !order.IsError || order.Scope != ErrorScope.Connection;
        }

        verdicts.Add(new FrameVerdict(status, header, consumed, error.Code, error.Scope, error.StreamId, error.Reason, FrameVerdict.Hash(payload), order, parsed));
        return whole;
    }
}

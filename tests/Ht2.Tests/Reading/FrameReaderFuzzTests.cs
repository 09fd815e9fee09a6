using System;
using System.Buffers;
using System.Collections.Generic;
using Xunit;
using Xunit.Sdk;

namespace Ht2.Tests.Reading;

// Seeded, so a failure reproduces; the failing input is printed in hex. Valid conversations come from the
// test's own HandEncoder; three in four are then mutated (bytes flipped, lengths and types rewritten, flags
// toggled, stream ids zeroed, frames duplicated, input cut). Whatever the input, the reader and the sequencer
// may only return frames, "need more" or a FrameError / Ht2ProtocolException, must always make progress, and
// the span, sequence and throwing paths must agree exactly.
public class FrameReaderFuzzTests
{
    private const int Inputs = 100_000;
    private const int Max = 16384;

    private readonly record struct Outcome(FrameReadStatus Status, FrameHeader Header, string Payload, long Consumed, Http2ErrorCode Code, ErrorScope Scope, uint StreamId);

    [Fact]
    public void SeededRandomAndMutatedInputs_OnlyEverYieldFramesOrProtocolErrors()
    {
        var random = new Random(0x5EED_2024);
        var wire = new List<byte>();
        var expected = new List<HandEncoder.Expected>();
        int mutatedInputs = 0, framesRead = 0, readerErrors = 0, sequencerErrors = 0;

        for (int i = 0; i < Inputs; i++)
        {
            wire.Clear();
            expected.Clear();
            HandEncoder.AppendConversation(random, wire, expected);
            byte[] input = wire.ToArray();
            bool mutate = random.Next(4) != 0;
            if (mutate)
            {
                input = Mutate(random, input, expected);
                mutatedInputs++;
            }

            try
            {
                List<Outcome> outcomes = CheckOneInput(random, input, mutate ? null : expected, out FrameError sequencerError);
                foreach (Outcome o in outcomes)
                {
                    framesRead += o.Status == FrameReadStatus.Complete ? 1 : 0;
                    readerErrors += o.Status == FrameReadStatus.Error ? 1 : 0;
                }

                sequencerErrors += sequencerError.IsError ? 1 : 0;
            }
            catch (Exception ex) when (ex is not XunitException)
            {
                throw new XunitException($"Input {i} ({Convert.ToHexString(input)}) threw {ex}");
            }
            catch (XunitException ex)
            {
                throw new XunitException($"Input {i} ({Convert.ToHexString(input)}): {ex.Message}");
            }
        }

        // The mix must really exercise every outcome, or the test proves little.
        Assert.True(mutatedInputs > Inputs / 2);
        Assert.True(framesRead > Inputs);
        Assert.True(readerErrors > Inputs / 10);
        Assert.True(sequencerErrors > Inputs / 100);
    }

    private static List<Outcome> CheckOneInput(Random random, byte[] input, List<HandEncoder.Expected>? expected, out FrameError sequencerError)
    {
        List<Outcome> span = ReadSpan(input, out sequencerError, out HeaderBlockSequencer sequencer);

        // Same outcomes from one contiguous segment and from a random split into up to 5 segments.
        Assert.Equal(span, ReadSequence(new ReadOnlySequence<byte>(input)));
        Assert.Equal(span, ReadSequence(RandomSplit(random, input)));
        if (random.Next(50) == 0 && input.Length > 0)
        {
            Assert.Equal(span, ReadSequence(TestSequence.ByteBySegment(input)));
        }

        CheckThrowingPathAgrees(input, span);

        if (expected is not null)
        {
            // Unmutated: exactly the frames the hand encoder wrote, all accepted by the sequencer.
            Assert.Equal(expected.Count + 1, span.Count);
            for (int k = 0; k < expected.Count; k++)
            {
                HandEncoder.Expected e = expected[k];
                Assert.Equal(FrameReadStatus.Complete, span[k].Status);
                Assert.Equal(new FrameHeader(e.Length, (FrameType)e.Type, (FrameFlags)e.Flags, e.StreamId), span[k].Header);
                Assert.Equal(Convert.ToHexString(e.Payload), span[k].Payload);
            }

            Assert.Equal(FrameReadStatus.NeedMoreData, span[^1].Status);
            Assert.False(sequencerError.IsError);
            Assert.False(sequencer.IsBlockOpen);
        }

        return span;
    }

    private static List<Outcome> ReadSpan(byte[] input, out FrameError sequencerError, out HeaderBlockSequencer sequencer)
    {
        var outcomes = new List<Outcome>();
        sequencer = new HeaderBlockSequencer(FrameReaderOptions.Default);
        sequencerError = default;
        int offset = 0;
        while (true)
        {
            FrameReadStatus status = FrameReader.TryReadFrame(input.AsSpan(offset), Max, out FrameHeader header, out ReadOnlySpan<byte> payload, out int consumed, out FrameError error);
            outcomes.Add(new Outcome(status, header, Convert.ToHexString(payload), consumed, error.Code, error.Scope, error.StreamId));
            if (status == FrameReadStatus.Complete && !sequencerError.IsError)
            {
                sequencerError = sequencer.TryAccept(header);
            }

            if (status == FrameReadStatus.NeedMoreData || (status == FrameReadStatus.Error && error.Scope == ErrorScope.Connection))
            {
                Assert.Equal(0, consumed);
                return outcomes;
            }

            // A frame or a skippable stream error always moves forward by a whole frame: no endless loop.
            Assert.Equal(FrameHeader.Size + header.Length, consumed);
            offset += consumed;
        }
    }

    private static List<Outcome> ReadSequence(ReadOnlySequence<byte> input)
    {
        var outcomes = new List<Outcome>();
        while (true)
        {
            FrameReadStatus status = FrameReader.TryReadFrame(input, Max, out FrameHeader header, out ReadOnlySequence<byte> payload, out SequencePosition end, out FrameError error);
            long consumed = input.Slice(input.Start, end).Length;
            outcomes.Add(new Outcome(status, header, Convert.ToHexString(payload.ToArray()), consumed, error.Code, error.Scope, error.StreamId));
            if (status == FrameReadStatus.NeedMoreData || (status == FrameReadStatus.Error && error.Scope == ErrorScope.Connection))
            {
                return outcomes;
            }

            Assert.True(consumed >= FrameHeader.Size);
            input = input.Slice(end);
        }
    }

    // The throwing form stops at the first error of either scope; up to there it must match step by step.
    private static void CheckThrowingPathAgrees(byte[] input, List<Outcome> span)
    {
        int offset = 0;
        foreach (Outcome o in span)
        {
            try
            {
                bool read = FrameReader.TryReadFrame(input.AsSpan(offset), Max, out FrameHeader header, out ReadOnlySpan<byte> _, out int consumed);
                Assert.NotEqual(FrameReadStatus.Error, o.Status);
                Assert.Equal(o.Status == FrameReadStatus.Complete, read);
                if (!read)
                {
                    return;
                }

                Assert.Equal(o.Header, header);
                offset += consumed;
            }
            catch (Ht2ProtocolException ex)
            {
                Assert.Equal(FrameReadStatus.Error, o.Status);
                Assert.Equal(o.Code, ex.ErrorCode);
                Assert.Equal(o.Scope, ex.Scope);
                Assert.Equal(o.StreamId, ex.StreamId);
                return;
            }
        }
    }

    private static byte[] Mutate(Random random, byte[] input, List<HandEncoder.Expected> frames)
    {
        // Frame start offsets, so that most mutations hit header fields where the rules live.
        var starts = new List<int>();
        int at = 0;
        foreach (HandEncoder.Expected f in frames)
        {
            starts.Add(at);
            at += FrameHeader.Size + f.Length;
        }

        var bytes = new List<byte>(input);
        int count = random.Next(1, 4);
        for (int m = 0; m < count && bytes.Count > 0; m++)
        {
            int frame = starts[random.Next(starts.Count)];
            switch (random.Next(8))
            {
                case 0: // flip any byte
                    bytes[random.Next(bytes.Count)] ^= (byte)random.Next(1, 256);
                    break;
                case 1: // toggle one flag bit
                    if (frame + 4 < bytes.Count) bytes[frame + 4] ^= (byte)(1 << random.Next(8));
                    break;
                case 2: // rewrite one length byte (the low one mostly, to stay near the real length)
                    int which = random.Next(4) == 0 ? random.Next(3) : 2;
                    if (frame + which < bytes.Count) bytes[frame + which] = (byte)random.Next(256);
                    break;
                case 3: // rewrite the type, often to a defined one so payloads are read as another type
                    if (frame + 3 < bytes.Count) bytes[frame + 3] = (byte)(random.Next(3) == 0 ? random.Next(256) : random.Next(10));
                    break;
                case 4: // zero or randomise the stream id
                    if (frame + 8 < bytes.Count)
                    {
                        bool zero = random.Next(2) == 0;
                        for (int b = 5; b < 9; b++) bytes[frame + b] = zero ? (byte)0 : (byte)random.Next(256);
                    }

                    break;
                case 5: // flip a payload byte near the start, where pad lengths and increments are
                    int p = frame + FrameHeader.Size + random.Next(4);
                    if (p < bytes.Count) bytes[p] ^= (byte)random.Next(1, 256);
                    break;
                case 6: // duplicate the tail from a frame start (repeats HEADERS / CONTINUATION out of order)
                    if (frame < bytes.Count) bytes.AddRange(bytes.GetRange(frame, bytes.Count - frame));
                    break;
                default: // cut the input short
                    int keep = random.Next(bytes.Count + 1);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static ReadOnlySequence<byte> RandomSplit(Random random, byte[] input)
    {
        var cuts = new int[random.Next(0, 5)];
        for (int c = 0; c < cuts.Length; c++)
        {
            cuts[c] = random.Next(input.Length + 1);
        }

        Array.Sort(cuts);
        return TestSequence.Split(input, cuts);
    }
}

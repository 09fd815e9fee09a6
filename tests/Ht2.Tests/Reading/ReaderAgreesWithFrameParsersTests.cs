using System;
using System.Collections.Generic;

namespace Ht2.Tests.Reading;

// The reader (over raw bytes, before a payload is buffered) and the generated parsers (over a contiguous frame)
// both run the frame's generated rules, in the same order. This checks the two drivers of those rules: on every
// frame, valid or broken, both give the same verdict, with the same error code and scope.
public class ReaderAgreesWithFrameParsersTests
{
    [Fact]
    public void Reader_and_generated_parsers_give_the_same_verdict_on_every_frame()
    {
        var random = new Random(0x9113);
        var wire = new List<byte>();
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 50_000; i++)
        {
            wire.Clear();
            byte type = (byte)random.Next(10);
            byte flags = (byte)random.Next(0x100);
            uint stream = random.Next(3) == 0 ? 0u : (uint)random.Next(1, 8);
            var payload = new byte[random.Next(3) == 0 ? random.Next(40) : FixedLengthGuess(type)];
            random.NextBytes(payload);
            if (random.Next(2) == 0 && payload.Length > 0)
            {
                payload[0] = (byte)random.Next(payload.Length + 2); // a plausible Pad Length, legal or one too many
            }

            HandEncoder.Append(wire, type, flags, stream, payload);
            byte[] frame = wire.ToArray();
            FrameHeader header = FrameHeader.Read(frame);
            ReadOnlySpan<byte> body = frame.AsSpan(FrameHeader.Size);

            FrameError byReader = FrameReader.ValidateFrame(in header, body);
            FrameError byParser = ParseWithGeneratedParser(in header, body);
            string input = Convert.ToHexString(frame);
            Assert.True(byReader.IsError == byParser.IsError, $"{input}: reader says '{byReader.Reason}', parser says '{byParser.Reason}'");
            if (byReader.IsError)
            {
                Assert.True(byReader.Code == byParser.Code && byReader.Scope == byParser.Scope,
                    $"{input}: reader {byReader.Code}/{byReader.Scope} '{byReader.Reason}', parser {byParser.Code}/{byParser.Scope} '{byParser.Reason}'");
                rejected++;
            }
            else
            {
                accepted++;
            }
        }

        Assert.True(accepted > 5_000 && rejected > 5_000, $"accepted {accepted}, rejected {rejected}: the mix proves too little");
    }

    private static int FixedLengthGuess(byte type) => type switch
    {
        2 => 5,
        3 or 8 => 4,
        4 => 6,
        6 or 7 => 8,
        _ => 6,
    };

    private static FrameError ParseWithGeneratedParser(in FrameHeader header, ReadOnlySpan<byte> payload) => header.Type switch
    {
        FrameType.Data => Parse<DataFrame>(header, payload),
        FrameType.Headers => Parse<HeadersFrame>(header, payload),
        FrameType.Priority => Parse<PriorityFrame>(header, payload),
        FrameType.RstStream => Parse<RstStreamFrame>(header, payload),
        FrameType.Settings => Parse<SettingsFrame>(header, payload),
        FrameType.PushPromise => Parse<PushPromiseFrame>(header, payload),
        FrameType.Ping => Parse<PingFrame>(header, payload),
        FrameType.GoAway => Parse<GoAwayFrame>(header, payload),
        FrameType.WindowUpdate => Parse<WindowUpdateFrame>(header, payload),
        FrameType.Continuation => Parse<ContinuationFrame>(header, payload),
        _ => throw new InvalidOperationException("only the ten RFC 9113 types are generated here"),
    };

    private static FrameError Parse<TFrame>(in FrameHeader header, ReadOnlySpan<byte> payload)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        TFrame.TryParse(in header, payload, out _, out _, out FrameError error);
        return error;
    }
}

using System;
using Ht2.Tests.Reading;

namespace Ht2.Tests.Frames;

/// <summary>
/// The generated <see cref="FrameDispatcher"/> (the ten RFC 9113 frames) and this assembly's generated
/// ExtensionFrameDispatcher: each frame reaches its own <c>Visit</c>, validated, without allocating.
/// </summary>
public class FrameDispatcherTests
{
    public static TheoryData<byte[], string> Wire() => new()
    {
        // Hand-encoded from RFC 9113 §6.1-§6.10; the expected text is what the visitor records.
        { [0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0xAA, 0xBB], "DATA stream=1 variable=2" },
        { [0x00, 0x00, 0x01, 0x01, 0x04, 0x00, 0x00, 0x00, 0x03, 0x82], "HEADERS stream=3 variable=1" },
        { [0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x03, 0x10], "PRIORITY dependency=3 weight=16" },
        { [0x00, 0x00, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08], "RST_STREAM code=Cancel" },
        { [0x00, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64], "SETTINGS variable=6" },
        { [0x00, 0x00, 0x05, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x82], "PUSH_PROMISE promised=2 variable=1" },
        { [0x00, 0x00, 0x08, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07], "PING data=7" },
        { [0x00, 0x00, 0x08, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x02], "GOAWAY last=5 code=InternalError" },
        { [0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00], "WINDOW_UPDATE increment=4096" },
        { [0x00, 0x00, 0x01, 0x09, 0x04, 0x00, 0x00, 0x00, 0x03, 0x84], "CONTINUATION stream=3 variable=1" },
        // Type 0x20 is unknown to the RFC dispatcher: handed over whole.
        { [0x00, 0x00, 0x02, 0x20, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02], "unknown type=0x20 payload=2" },
        // PING on stream 1 (§6.7) and WINDOW_UPDATE of 0 (§6.9) break their rules: nothing is visited.
        { [0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07], "error ProtocolError" },
        { [0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], "error ProtocolError" },
    };

    [Theory]
    [MemberData(nameof(Wire))]
    public void Each_rfc_frame_reaches_its_own_visit(byte[] wire, string expected)
    {
        FrameHeader header = FrameHeader.Read(wire);
        var visitor = new Recorder();
        bool ok = FrameDispatcher.TryDispatch(in header, wire.AsSpan(FrameHeader.Size), ref visitor, out FrameError error);
        Assert.Equal(expected, ok ? visitor.Seen : "error " + error.Code);
        Assert.Equal(ok, !error.IsError);
        Assert.Equal(ok ? 1 : 0, visitor.Calls);
    }

    [Fact]
    public void Extension_frames_reach_their_visit_and_the_rest_falls_back()
    {
        // PRIORITY_UPDATE (RFC 9218 §7.1): stream 0, prioritized stream 3, "u=1"; then DATA through the fallback.
        byte[] priorityUpdate = [0x00, 0x00, 0x07, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, (byte)'u', (byte)'=', (byte)'1'];
        byte[] data = [0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x2A];
        // ORIGIN (RFC 8336 §2.1) on stream 1 must be ignored: false with an Ignore verdict, nothing visited.
        byte[] originOnStream = [0x00, 0x00, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x01];

        var visitor = new ExtensionRecorder();
        Assert.True(ExtensionFrameDispatcher.TryDispatch(FrameHeader.Read(priorityUpdate), priorityUpdate.AsSpan(9), ref visitor, out _));
        Assert.Equal("PRIORITY_UPDATE 3 u=1", visitor.Seen);
        Assert.True(ExtensionFrameDispatcher.TryDispatch(FrameHeader.Read(data), data.AsSpan(9), ref visitor, out _));
        Assert.Equal("DATA 7 1", visitor.Seen);
        Assert.False(ExtensionFrameDispatcher.TryDispatch(FrameHeader.Read(originOnStream), ReadOnlySpan<byte>.Empty, ref visitor, out FrameError ignored));
        Assert.Equal(ErrorScope.Ignore, ignored.Scope);
        Assert.Equal(2, visitor.Calls);
    }

    [Fact]
    public void A_payload_of_another_length_is_an_argument_error()
    {
        var visitor = new Recorder();
        var unknown = new FrameHeader(3, (FrameType)0x20, FrameFlags.None, 0);
        var ping = new FrameHeader(8, FrameType.Ping, FrameFlags.None, 0);
        Assert.Throws<ArgumentException>(() => FrameDispatcher.TryDispatch(in unknown, new byte[2], ref visitor, out _));
        Assert.Throws<ArgumentException>(() => FrameDispatcher.TryDispatch(in ping, new byte[7], ref visitor, out _));
        Assert.Equal(0, visitor.Calls);
    }

    [Fact]
    public void Dispatching_allocates_nothing()
    {
        byte[][] frames = new byte[Wire().Count][];
        int n = 0;
        foreach (object[] row in Wire())
        {
            frames[n++] = (byte[])row[0];
        }

        var visitor = new Counter();
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50; i++)
            {
                foreach (byte[] wire in frames)
                {
                    FrameHeader header = FrameHeader.Read(wire);
                    FrameDispatcher.TryDispatch(in header, wire.AsSpan(FrameHeader.Size), ref visitor, out _);
                }
            }

            // The first round may JIT and initialise statics; the second must allocate nothing.
            if (round == 1)
            {
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        // Eleven of the thirteen frames are valid and visited, in both rounds.
        Assert.Equal(2 * 50 * 11, visitor.Calls);
    }

    private struct Recorder : IFrameVisitor
    {
        public string Seen;
        public int Calls;

        public void Visit(in DataFrame frame, ReadOnlySpan<byte> variablePart) => Record($"DATA stream={frame.StreamId} variable={variablePart.Length}");

        public void Visit(in HeadersFrame frame, ReadOnlySpan<byte> variablePart) => Record($"HEADERS stream={frame.StreamId} variable={variablePart.Length}");

        public void Visit(in PriorityFrame frame, ReadOnlySpan<byte> variablePart) => Record($"PRIORITY dependency={frame.StreamDependency} weight={frame.Weight}");

        public void Visit(in RstStreamFrame frame, ReadOnlySpan<byte> variablePart) => Record($"RST_STREAM code={frame.ErrorCode}");

        public void Visit(in SettingsFrame frame, ReadOnlySpan<byte> variablePart) => Record($"SETTINGS variable={variablePart.Length}");

        public void Visit(in PushPromiseFrame frame, ReadOnlySpan<byte> variablePart) => Record($"PUSH_PROMISE promised={frame.PromisedStreamId} variable={variablePart.Length}");

        public void Visit(in PingFrame frame, ReadOnlySpan<byte> variablePart) => Record($"PING data={frame.OpaqueData}");

        public void Visit(in GoAwayFrame frame, ReadOnlySpan<byte> variablePart) => Record($"GOAWAY last={frame.LastStreamId} code={frame.ErrorCode}");

        public void Visit(in WindowUpdateFrame frame, ReadOnlySpan<byte> variablePart) => Record($"WINDOW_UPDATE increment={frame.WindowSizeIncrement}");

        public void Visit(in ContinuationFrame frame, ReadOnlySpan<byte> variablePart) => Record($"CONTINUATION stream={frame.StreamId} variable={variablePart.Length}");

        public void VisitUnknown(in FrameHeader header, ReadOnlySpan<byte> payload) => Record($"unknown type=0x{(byte)header.Type:X2} payload={payload.Length}");

        private void Record(string seen)
        {
            Seen = seen;
            Calls++;
        }
    }

    // Counts without formatting, so that the allocation test measures the dispatch alone.
    private struct Counter : IFrameVisitor
    {
        public int Calls;

        public void Visit(in DataFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in HeadersFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in PriorityFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in RstStreamFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in SettingsFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in PushPromiseFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in PingFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in GoAwayFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in WindowUpdateFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void Visit(in ContinuationFrame frame, ReadOnlySpan<byte> variablePart) => Calls++;

        public void VisitUnknown(in FrameHeader header, ReadOnlySpan<byte> payload) => Calls++;
    }

    private struct ExtensionRecorder : IExtensionFrameVisitor
    {
        public string Seen;
        public int Calls;

        public void Visit(in PriorityUpdateFrame frame, ReadOnlySpan<byte> variablePart) => Record($"PRIORITY_UPDATE {frame.PrioritizedStreamId} {System.Text.Encoding.ASCII.GetString(variablePart)}");

        public void Visit(in OriginFrame frame, ReadOnlySpan<byte> variablePart) => Record("ORIGIN");

        public void Visit(in AltSvcFrame frame, ReadOnlySpan<byte> variablePart) => Record("ALTSVC");

        public void Visit(in TripletFrame frame, ReadOnlySpan<byte> variablePart) => Record("TRIPLET");

        public void Visit(in CountedListFrame frame, ReadOnlySpan<byte> variablePart) => Record("COUNTED_LIST");

        public void Visit(in RecordedTripletFrame frame, ReadOnlySpan<byte> variablePart) => Record("RECORDED_TRIPLET");

        public void Visit(in WideFrame frame, ReadOnlySpan<byte> variablePart) => Record("WIDE");

        public void Visit(in DataFrame frame, ReadOnlySpan<byte> variablePart) => Record($"DATA {frame.StreamId} {variablePart.Length}");

        public void Visit(in HeadersFrame frame, ReadOnlySpan<byte> variablePart) => Record("HEADERS");

        public void Visit(in PriorityFrame frame, ReadOnlySpan<byte> variablePart) => Record("PRIORITY");

        public void Visit(in RstStreamFrame frame, ReadOnlySpan<byte> variablePart) => Record("RST_STREAM");

        public void Visit(in SettingsFrame frame, ReadOnlySpan<byte> variablePart) => Record("SETTINGS");

        public void Visit(in PushPromiseFrame frame, ReadOnlySpan<byte> variablePart) => Record("PUSH_PROMISE");

        public void Visit(in PingFrame frame, ReadOnlySpan<byte> variablePart) => Record("PING");

        public void Visit(in GoAwayFrame frame, ReadOnlySpan<byte> variablePart) => Record("GOAWAY");

        public void Visit(in WindowUpdateFrame frame, ReadOnlySpan<byte> variablePart) => Record("WINDOW_UPDATE");

        public void Visit(in ContinuationFrame frame, ReadOnlySpan<byte> variablePart) => Record("CONTINUATION");

        public void VisitUnknown(in FrameHeader header, ReadOnlySpan<byte> payload) => Record("unknown");

        private void Record(string seen)
        {
            Seen = seen;
            Calls++;
        }
    }
}

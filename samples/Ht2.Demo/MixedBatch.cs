using System;

namespace Ht2.Demo;

/// <summary>
/// The frames the demo sends, as a pure function of their index, so that the receiver knows what to expect
/// without being told: HEADERS, small DATA, PRIORITY_UPDATE (the sample's own extension frame), PING,
/// WINDOW_UPDATE, padded large DATA, SETTINGS, RST_STREAM, over and over.
/// </summary>
internal sealed class MixedBatch
{
    public const int Kinds = 8;

    private static readonly byte[] HeaderBlock = [0x88, 0x0F, 0x0D, 0x02, 0x31, 0x36]; // :status 200, content-length 16 (HPACK)
    private static readonly byte[] PriorityValue = "u=1, i"u8.ToArray();

    public MixedBatch(int smallBody, int largeBody)
    {
        SmallBody = Fill(smallBody, 0x11);
        LargeBody = Fill(largeBody, 0x77);
        var settings = new byte[2 * SettingsEntry.Size];
        SettingsFrame.WriteEntries(settings, [new(SettingsParameter.MaxConcurrentStreams, 100), new(SettingsParameter.InitialWindowSize, 1 << 20)]);
        Settings = settings;
    }

    public byte[] SmallBody { get; }

    public byte[] LargeBody { get; }

    public byte[] Settings { get; }

    /// <summary>The stream a frame goes on: one new odd stream per round of the eight kinds.</summary>
    public static uint StreamOf(long index) => (uint)((index / Kinds) % 1_000_000) * 2 + 1;

    /// <summary>Hands the frame at <paramref name="index"/> to <paramref name="sink"/> with its variable part.</summary>
    public void Visit<TSink>(long index, ref TSink sink)
        where TSink : struct, IFrameSink, allows ref struct
    {
        uint stream = StreamOf(index);
        switch (index % Kinds)
        {
            case 0: sink.Frame(new HeadersFrame { StreamId = stream, Flags = FrameFlags.EndHeaders }, HeaderBlock); break;
            case 1: sink.Frame(new DataFrame { StreamId = stream }, SmallBody); break;
            case 2: sink.Frame(new PriorityUpdateFrame { PrioritizedStreamId = stream }, PriorityValue); break;
            case 3: sink.Frame(new PingFrame { OpaqueData = (ulong)index }, ReadOnlyMemory<byte>.Empty); break;
            case 4: sink.Frame(new WindowUpdateFrame { StreamId = stream, WindowSizeIncrement = 32768 }, ReadOnlyMemory<byte>.Empty); break;
            case 5: sink.Frame(new DataFrame { StreamId = stream, Flags = FrameFlags.Padded | FrameFlags.EndStream, PadLength = 16 }, LargeBody); break;
            case 6: sink.Frame(new SettingsFrame(), Settings); break;
            default: sink.Frame(new RstStreamFrame { StreamId = stream, ErrorCode = Http2ErrorCode.Cancel }, ReadOnlyMemory<byte>.Empty); break;
        }
    }

    private static byte[] Fill(int length, byte seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(seed + (i * 31));
        }

        return bytes;
    }
}

/// <summary>Receives one frame of the batch; generic so that no frame is boxed.</summary>
internal interface IFrameSink
{
    void Frame<TFrame>(in TFrame frame, ReadOnlyMemory<byte> variablePart)
        where TFrame : struct, IHt2Frame<TFrame>;
}

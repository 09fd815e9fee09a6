using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>
/// nghttp (strict nghttp2 client) against the in-process server, counting the frames it shows. Its windows are set
/// to 2^24-1 (-w/-W 24) so flow control never cuts a DATA frame short and the count depends only on the body size,
/// the peer's max frame size (16384: nghttp sends no SETTINGS_MAX_FRAME_SIZE) and the padding.
/// </summary>
public sealed partial class NghttpTests
{
    private const int MaxFrame = 16384;

    [Theory]
    [InlineData(1, null, 1)]
    [InlineData(16385, null, 1)]
    [InlineData(1024 * 1024, null, 3)]
    [InlineData(1024 * 1024, 255, 2)]
    [InlineData(0, 17, 1)]
    public async Task Frames_match_body_size_max_frame_size_and_padding(int bodyBytes, int? padding, int streams)
    {
        await using H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = bodyBytes, Padding = padding });

        ToolResult result = await ToolRun.RunAsync(Tool.Nghttp, ["-nv", "-w", "24", "-W", "24", "-m", $"{streams}", $"http://127.0.0.1:{server.Port}/"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("PROTOCOL_ERROR", result.Output);
        Assert.DoesNotContain("recv GOAWAY", result.Output);
        Assert.DoesNotContain("RST_STREAM", result.Output);

        int perFrame = padding is int pad ? MaxFrame - 1 - pad : MaxFrame;
        int dataFrames = bodyBytes == 0 ? 0 : (bodyBytes + perFrame - 1) / perFrame;
        Assert.Equal(2, Count(result, "recv SETTINGS"));        // ours, and the ACK of nghttp's
        Assert.Equal(1, Count(result, "recv WINDOW_UPDATE"));   // the connection window we open at start
        Assert.Equal(streams, Count(result, "recv HEADERS"));
        Assert.Equal(streams * dataFrames, Count(result, "recv DATA"));
        // nghttp's SETTINGS; its ACK of ours is not always shown: when the whole response arrives in the same read
        // as our SETTINGS, nghttp may finish and close before it writes the ACK.
        Assert.InRange(Count(result, "send SETTINGS"), 1, 2);
        Assert.Equal(streams, Count(result, "send HEADERS"));
        Assert.Equal(1, Count(result, "send GOAWAY"));
        Assert.Equal(streams, Regex.Matches(result.Output, @"recv \(stream_id=\d+\) :status: 200").Count);

        // Every DATA frame but each stream's last is full: exactly the max frame size, padding included.
        int lastPayload = bodyBytes - ((dataFrames - 1) * perFrame) + (MaxFrame - perFrame);
        int expectedFull = dataFrames == 0 ? 0 : streams * (dataFrames - 1 + (lastPayload == MaxFrame ? 1 : 0));
        int full = DataLine().Matches(result.Output).Count(m => int.Parse(m.Groups[1].Value) == MaxFrame);
        Assert.Equal(expectedFull, full);
    }

    [Fact]
    public async Task Header_block_of_60_KiB_is_accepted()
    {
        // nghttp (the application, not the library) resets streams whose header fields exceed 64 KiB, so 60 KiB.
        await using H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = 100, HeaderBytes = 60 * 1024 });

        ToolResult result = await ToolRun.RunAsync(Tool.Nghttp, ["-nv", $"http://127.0.0.1:{server.Port}/"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, Count(result, "recv HEADERS"));
        Assert.Equal(8, Regex.Matches(result.Output, @"recv \(stream_id=\d+\) x-filler: ").Count);
        Assert.DoesNotContain("RST_STREAM", result.Output);
    }

    private static int Count(ToolResult result, string what) =>
        Regex.Matches(result.Output, @"^\[ *[0-9.]+\] " + Regex.Escape(what) + " frame", RegexOptions.Multiline).Count;

    [GeneratedRegex(@"recv DATA frame <length=(\d+),")]
    private static partial Regex DataLine();
}

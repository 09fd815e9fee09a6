using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 9113 §6.5.2 / §10.5.1: SETTINGS_MAX_HEADER_LIST_SIZE. The engine advertises a limit and never hands a larger
/// section to the application: a 431 response, a RST_STREAM or a connection error are all acceptable reactions
/// (the RFC leaves the choice open), a 200 is not.
/// </summary>
public sealed class S6_5_2_HeaderListSizeTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S6_5_2_header_section_above_the_advertised_MAX_HEADER_LIST_SIZE_is_refused()
    {
        await using RawConnection connection = await OpenAsync();
        Assert.True(connection.ServerSettings.TryGetValue(SettingId.MaxHeaderListSize, out uint limit), "The server did not advertise SETTINGS_MAX_HEADER_LIST_SIZE.");
        Assert.InRange(limit, 1u, 4u * 1024 * 1024);

        // One field whose value alone exceeds the limit, sent as HEADERS + CONTINUATION at the server's frame size.
        byte[] block = new HeaderBlock().GetRequest().Literal("x-big", new string('a', (int)limit)).ToArray();
        int size = connection.ServerMaxFrameSize;
        List<byte[]> frames = [Frames.Headers(1, block[..size], endHeaders: false)];
        for (int offset = size; offset < block.Length; offset += size)
        {
            int end = System.Math.Min(block.Length, offset + size);
            frames.Add(Frames.Continuation(1, block[offset..end], endHeaders: end == block.Length));
        }

        await connection.SendAsync(frames.ToArray());
        await connection.AwaitAsync("a refusal of stream 1: RST_STREAM, GOAWAY, or a response other than 200", frame => frame switch
        {
            null => Verdict.Fail,
            { Type: FrameKind.RstStream } when frame.StreamId == 1 => Verdict.Match,
            { Type: FrameKind.GoAway } => frame.Code == ErrorCode.NoError ? Verdict.Fail : Verdict.Match,
            { Type: FrameKind.Headers } when frame.StreamId == 1 => ResponseBlock.IsStatus200(frame) ? Verdict.Fail : Verdict.Match,
            _ => Verdict.Wait,
        });
    }

    [Fact]
    public async Task S6_5_2_header_section_within_the_advertised_MAX_HEADER_LIST_SIZE_is_accepted()
    {
        await using RawConnection connection = await OpenAsync();
        uint limit = connection.ServerSettings.GetValueOrDefault(SettingId.MaxHeaderListSize, 16_384u);

        // Well inside the limit (the size counts 32 octets per field plus names and values).
        int value = (int)System.Math.Min(limit / 2, 8_000u);
        await connection.SendAsync(Frames.Headers(1, new HeaderBlock().GetRequest().Literal("x-big", new string('a', value)).ToArray()));
        await connection.ExpectCompleteResponseAsync(1);
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §5.1.2: the server's advertised SETTINGS_MAX_CONCURRENT_STREAMS is enforced.</summary>
public sealed class S5_1_2_ConcurrencyTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S5_1_2_HEADERS_beyond_the_advertised_limit_is_REFUSED_STREAM_or_PROTOCOL_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        int limit = AdvertisedLimit(connection);

        // limit open streams (POST without END_STREAM keeps each open), then one more.
        await connection.SendAsync(OpenStreams(1, limit));
        uint extra = (uint)((2 * limit) + 1);
        await connection.SendAsync(Frames.Headers(extra, Requests.Post, endStream: false));

        // "MUST treat this as a stream error of type PROTOCOL_ERROR or REFUSED_STREAM".
        await connection.ExpectStreamErrorAsync(extra, ErrorCode.RefusedStream, ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task S5_1_2_finished_streams_free_their_slots()
    {
        await using RawConnection connection = await OpenAsync();
        int limit = AdvertisedLimit(connection);
        await connection.SendAsync(OpenStreams(1, limit));
        await connection.SendAsync(Enumerable.Range(0, limit).Select(i => Frames.Data((uint)((2 * i) + 1), 0, endStream: true)).ToArray());
        for (int i = 0; i < limit; i++)
        {
            await connection.ExpectCompleteResponseAsync((uint)((2 * i) + 1));
        }

        uint next = (uint)((2 * limit) + 1);
        await connection.SendAsync(Frames.Headers(next, Requests.Get));
        await connection.ExpectCompleteResponseAsync(next);
    }

    [Fact]
    public async Task S5_1_2_refused_streams_field_block_still_updates_the_dynamic_table()
    {
        await using RawConnection connection = await OpenAsync();
        int limit = AdvertisedLimit(connection);
        await connection.SendAsync(OpenStreams(1, limit));

        // The refused stream's block indexes ":authority: localhost" (index 62); the server must decode it anyway
        // (RFC 9113 §4.3), so a later request that uses index 62 is valid.
        uint extra = (uint)((2 * limit) + 1);
        await connection.SendAsync(Frames.Headers(extra, new HeaderBlock().Raw(0x82, 0x86, 0x84).IncrementalIndexedName(1, "localhost").ToArray()));
        if (await connection.ExpectStreamErrorAsync(extra, ErrorCode.RefusedStream, ErrorCode.ProtocolError))
        {
            return;
        }

        await connection.SendAsync(Frames.Data(1, 0, endStream: true));
        await connection.ExpectCompleteResponseAsync(1);
        uint next = extra + 2;
        await connection.SendAsync(Frames.Headers(next, new HeaderBlock().Raw(0x82, 0x86, 0x84).Indexed(62).ToArray()));
        await connection.ExpectCompleteResponseAsync(next);
    }

    private static int AdvertisedLimit(RawConnection connection)
    {
        Assert.True(connection.ServerSettings.TryGetValue(SettingId.MaxConcurrentStreams, out uint limit), "The server did not advertise SETTINGS_MAX_CONCURRENT_STREAMS.");
        Assert.InRange(limit, 1u, 1000u);
        return (int)limit;
    }

    private static byte[][] OpenStreams(int first, int count)
    {
        List<byte[]> frames = [];
        for (int i = 0; i < count; i++)
        {
            frames.Add(Frames.Headers((uint)(first + (2 * i)), Requests.Post, endStream: false));
        }

        return frames.ToArray();
    }
}

using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §4.1: frame format — unknown types, undefined flags and the reserved bit are ignored.</summary>
public sealed class S4_1_FrameFormatTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S4_1_unknown_frame_type_on_stream_0_is_ignored() =>
        AssertAcceptedAsync(Frames.Raw(FrameKind.Unknown, FrameFlag.None, 0, [1, 2, 3, 4]));

    [Fact]
    public async Task S4_1_unknown_frame_type_on_an_open_stream_is_ignored()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Raw(FrameKind.Unknown, 0xFF, 1, [9, 9, 9]),
            Frames.Data(1, 3, endStream: true));
        await connection.ExpectCompleteResponseAsync(1);
    }

    [Fact]
    public async Task S4_1_undefined_flags_on_PING_are_ignored()
    {
        await using RawConnection connection = await OpenAsync();
        byte[] opaque = [1, 2, 3, 4, 5, 6, 7, 8];

        // Every flag but ACK (0x1) is undefined for PING and "MUST be ignored".
        await connection.SendAsync(Frames.Raw(FrameKind.Ping, 0xFE, 0, opaque));
        await connection.ExpectPingAckAsync(opaque);
    }

    [Fact]
    public Task S4_1_undefined_flags_on_HEADERS_are_ignored() =>
        AssertResponseAsync(1, Frames.Raw(FrameKind.Headers, FrameFlag.EndStream | FrameFlag.EndHeaders | 0x02 | 0x10 | 0x40 | 0x80, 1, Requests.Get));

    [Fact]
    public Task S4_1_undefined_flags_on_DATA_are_ignored() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Post, endStream: false), Frames.Raw(FrameKind.Data, FrameFlag.EndStream | 0x02 | 0x04 | 0x10 | 0x20 | 0x40 | 0x80, 1, new byte[5]));

    [Fact]
    public async Task S4_1_undefined_flags_on_SETTINGS_are_ignored()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Raw(FrameKind.Settings, 0xFE, 0, []));
        await connection.ExpectSettingsAckAsync();
    }

    [Fact]
    public Task S4_1_reserved_bit_of_the_stream_id_is_ignored() =>
        // "The semantics of this bit are undefined, and the bit MUST remain unset (0x00) when sending and MUST be ignored when receiving."
        AssertResponseAsync(1, Frames.Headers(0x8000_0001, Requests.Get));

    [Fact]
    public Task S4_1_reserved_bit_of_a_WINDOW_UPDATE_increment_is_ignored() =>
        // §6.9: the reserved bit of the increment is ignored, so this is an increment of 1 on the connection.
        AssertAcceptedAsync(Frames.WindowUpdate(0, 0x8000_0001));
}

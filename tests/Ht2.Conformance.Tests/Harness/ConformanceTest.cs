using System.Threading.Tasks;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>The shared steps of the conformance cases: open a connection, send frames, await one reaction.</summary>
public abstract class ConformanceTest(ServerFixture server) : IClassFixture<ServerFixture>
{
    protected int Port => server.Port;

    protected Task<RawConnection> OpenAsync(params (ushort Id, uint Value)[] settings) => server.OpenAsync(settings);

    /// <summary>After the handshake, sends the frames and expects a connection error with one of the codes.</summary>
    protected async Task AssertConnectionErrorAsync(ErrorCode[] codes, params byte[][] frames)
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(frames);
        await connection.ExpectConnectionErrorAsync(codes);
    }

    protected Task AssertConnectionErrorAsync(ErrorCode code, params byte[][] frames) => AssertConnectionErrorAsync([code], frames);

    /// <summary>After the handshake, sends the frames and expects a stream error (or, as §5.4 allows, a connection error).</summary>
    protected async Task AssertStreamErrorAsync(uint streamId, ErrorCode[] codes, params byte[][] frames)
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(frames);
        await connection.ExpectStreamErrorAsync(streamId, codes);
    }

    protected Task AssertStreamErrorAsync(uint streamId, ErrorCode code, params byte[][] frames) => AssertStreamErrorAsync(streamId, [code], frames);

    /// <summary>A malformed request (RFC 9113 §8.1.1) is a stream error of type PROTOCOL_ERROR.</summary>
    protected Task AssertMalformedAsync(byte[] block) => AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.Headers(1, block));

    /// <summary>After the handshake, sends the frames and expects the connection to stay healthy (PING answered, no error).</summary>
    protected async Task AssertAcceptedAsync(params byte[][] frames)
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(frames);
        await connection.ExpectHealthyAsync();
    }

    /// <summary>After the handshake, sends the frames and expects a whole response on the stream.</summary>
    protected async Task AssertResponseAsync(uint streamId, params byte[][] frames)
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(frames);
        await connection.ExpectCompleteResponseAsync(streamId);
    }
}

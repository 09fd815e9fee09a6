using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Connection;

public class PrefaceAndCancellationTests
{
    private static readonly byte[] ClientPrefaceWithEmptySettings =
    [
        .. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8,
        0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    [Fact]
    public async Task A_server_that_has_not_sent_settings_sends_its_own_before_the_ack()
    {
        var stream = new ScriptedStream(ClientPrefaceWithEmptySettings);
        using var server = new Ht2Connection(stream);
        await BoundedRead.ClientPreface(server);

        // RFC 9113 §3.4: the server's preface (a SETTINGS frame, here empty) is its first frame; the ACK follows.
        Assert.Equal(new byte[]
        {
            0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00,
        }, stream.Output.ToArray());
    }

    [Fact]
    public async Task A_server_that_sent_its_settings_only_acknowledges()
    {
        var stream = new ScriptedStream(ClientPrefaceWithEmptySettings);
        using var server = new Ht2Connection(stream);
        server.SendSettings([new SettingsEntry(SettingsParameter.MaxConcurrentStreams, 100)]);
        await BoundedRead.ClientPreface(server);

        Assert.Equal(new byte[]
        {
            0x00, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64,
            0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00,
        }, stream.Output.ToArray());
    }

    [Fact]
    public async Task Cancelling_during_the_write_never_tears_a_frame()
    {
        var stream = new GatedWriteStream();
        using var connection = new Ht2Connection(stream);
        using var cancellation = new CancellationTokenSource();

        ValueTask send = connection.SendFrameAsync(new PingFrame { OpaqueData = 0x0102030405060708 }, default, cancellation.Token);
        await stream.WriteStarted.Task;
        cancellation.Cancel();              // the write is under way: the frame must still go out whole
        stream.ReleaseWrite.SetResult();
        await send;

        Assert.Equal(new byte[]
        {
            0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        }, stream.Written.ToArray());
    }

    [Fact]
    public async Task A_token_cancelled_before_the_send_writes_nothing()
    {
        var stream = new GatedWriteStream();
        stream.ReleaseWrite.SetResult();
        using var connection = new Ht2Connection(stream);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await connection.SendFrameAsync(new PingFrame(), default, new CancellationToken(canceled: true)));
        Assert.Equal(0, stream.Written.Length);
    }

    /// <summary>A write-only stream whose async write waits for the test, and which honours cancellation like a socket would.</summary>
    private sealed class GatedWriteStream : Stream
    {
        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MemoryStream Written { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteStarted.TrySetResult();
            await ReleaseWrite.Task;
            cancellationToken.ThrowIfCancellationRequested(); // a cancelled write is a torn write
            Written.Write(buffer.Span);
        }

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

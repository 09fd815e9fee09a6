using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.IO;

/// <summary>
/// The pipe transport's contract at its edges: a transport without a reader refuses reads (and after a close says it
/// is closed), a sync read of bytes already there allocates nothing, and its awaits never resume on the caller's
/// <see cref="SynchronizationContext"/>.
/// </summary>
public sealed class PipeTransportContractTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WithoutAReader_ReadsAreNotSupported_UntilClosed_ThenObjectDisposed()
    {
        PipeTransport transport = new(new Pipe().Writer, reader: null);
        byte[] buffer = new byte[4];

        NotSupportedException sync = Assert.Throws<NotSupportedException>(() => transport.Read(buffer));
        NotSupportedException async = await Assert.ThrowsAsync<NotSupportedException>(() => transport.ReadAsync(buffer, CancellationToken.None).AsTask());
        Assert.Equal("This pipe transport was built without a PipeReader.", sync.Message);
        Assert.Equal(sync.Message, async.Message);

        transport.Close();

        Assert.Throws<ObjectDisposedException>(() => transport.Read(buffer));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.ReadAsync(buffer, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task ASyncReadOfBytesAlreadyThere_AllocatesNothing()
    {
        Pipe input = new();
        PipeTransport transport = new(new Pipe().Writer, input.Reader);
        byte[] buffer = new byte[8];
        for (int round = 0; round < 3; round++)
        {
            await input.Writer.WriteAsync(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }).AsTask().Within(Patience);
            long before = GC.GetAllocatedBytesForCurrentThread();
            int read = transport.Read(buffer);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(8, read);
            if (round > 0)
            {
                Assert.Equal(0, allocated);
            }
        }
    }

    [Fact]
    public async Task AReadThatWaits_ResumesOffTheCallersContext()
    {
        Pipe input = new();
        PipeTransport transport = new(new Pipe().Writer, input.Reader);
        RecordingContext context = new();
        byte[] buffer = new byte[8];

        Task<int> read = context.StartUnder(() => transport.ReadAsync(buffer, CancellationToken.None).AsTask());
        await input.Writer.WriteAsync(new byte[] { 9, 8, 7 }).AsTask().Within(Patience);

        Assert.Equal(3, await read.Within(Patience));
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task AFlushHeldByBackPressure_ResumesOffTheCallersContext()
    {
        Pipe output = new(new PipeOptions(pauseWriterThreshold: 16, resumeWriterThreshold: 8));
        PipeTransport transport = new(output.Writer, reader: null);
        RecordingContext context = new();
        output.Writer.Write(new byte[64]);

        Task flush = context.StartUnder(() => transport.FlushAsync(CancellationToken.None).AsTask());
        Assert.False(flush.IsCompleted, "the flush did not wait for the reader");
        ReadResult result = await output.Reader.ReadAsync().AsTask().Within(Patience);
        output.Reader.AdvanceTo(result.Buffer.End);

        await flush.Within(Patience);
        Assert.Equal(0, context.Posts);
    }
}

using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Connection;

/// <summary>A disposed connection refuses every read, send and batch with <see cref="ObjectDisposedException"/> naming it; a second Dispose is harmless.</summary>
public sealed class DisposeTests
{
    [Fact]
    public async Task AfterDispose_ReadsSendsAndBatchesThrowObjectDisposed()
    {
        ScriptedStream stream = new(new byte[] { 0, 0, 8, 0x6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 });
        Ht2Connection client = new(stream);
        client.Dispose();
        client.Dispose();

        ObjectDisposedException read = await Assert.ThrowsAsync<ObjectDisposedException>(() => BoundedRead.Frame(client));
        Assert.Equal(typeof(Ht2Connection).FullName, read.ObjectName);
        ObjectDisposedException batch = Assert.Throws<ObjectDisposedException>(() => client.BeginBatch());
        Assert.Equal(typeof(Ht2Connection).FullName, batch.ObjectName);
        ObjectDisposedException asyncBatch = await Assert.ThrowsAsync<ObjectDisposedException>(() => client.BeginBatchAsync().AsTask().Within(BoundedRead.Patience));
        Assert.Equal(typeof(Ht2Connection).FullName, asyncBatch.ObjectName);
        ObjectDisposedException ping = Assert.Throws<ObjectDisposedException>(() => client.SendPing(1));
        Assert.Equal(typeof(Ht2Connection).FullName, ping.ObjectName);
        Assert.Equal(0, stream.Output.Length);
    }
}

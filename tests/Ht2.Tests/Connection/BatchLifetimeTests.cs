using System;
using System.Collections.Generic;
using System.IO;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>
/// An <see cref="Ht2Batch"/> is a copyable struct that holds the write mutex: a default or stale copy must never
/// touch a newer batch (its staged frames, its mutex), and the DATA credit of a batch's flush is spent even when the
/// transport fails, since bytes may have reached the peer.
/// </summary>
public sealed class BatchLifetimeTests
{
    private const int Window = 65_535;

    [Fact]
    public void DefaultBatch_DisposesAsANoOp_AndRefusesEverythingElse()
    {
        Ht2Batch none = default;
        none.Dispose();
        Assert.Throws<InvalidOperationException>(() => none.Add(new PingFrame()));
        Assert.Throws<InvalidOperationException>(() => none.Send());
        Assert.Throws<InvalidOperationException>(() => none.AddHeaders(1, new byte[] { 0x82 }, endStream: true));
    }

    [Fact]
    public void StaleCopy_OfAnEndedBatch_LeavesTheNextBatchWhole()
    {
        ScriptedStream stream = new(Array.Empty<byte>());
        using (Ht2Connection client = new(stream))
        {
            Ht2Batch first = client.BeginBatch();
            Ht2Batch copy = first;
            first.Dispose();

            using (Ht2Batch second = client.BeginBatch())
            {
                second.Add(new PingFrame { OpaqueData = 1 });

                // The stale copy neither discards the second batch's frames nor releases its mutex.
                copy.Dispose();
                Assert.Throws<InvalidOperationException>(() => copy.Add(new PingFrame { OpaqueData = 9 }));
                Assert.Throws<InvalidOperationException>(() => copy.Send());
                second.Add(new PingFrame { OpaqueData = 2 });
                second.Send();
            }

            // The second batch's Dispose released the mutex exactly once: the next send goes out.
            Worker.Run("send after the batches", () => client.SendPing(3));
        }

        List<byte> expected = new();
        Wire.Ping(expected, 1);
        Wire.Ping(expected, 2);
        Wire.Ping(expected, 3);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    [Fact]
    public void ManyDataAdds_DisposedUnsent_GiveEveryCreditBack()
    {
        using Ht2Connection client = new(new ScriptedStream(Array.Empty<byte>()));
        using (Ht2Batch batch = client.BeginBatch())
        {
            for (uint i = 0; i < 9; i++)
            {
                batch.Add(new DataFrame { StreamId = (2 * i) + 1 }, new byte[i + 1]);
            }

            Assert.Equal(Window - 45, client.ConnectionSendWindow);
        }

        Assert.Equal(Window, client.ConnectionSendWindow);
        Assert.Equal(Window, client.GetStreamSendWindow(17));
    }

    [Fact]
    public void AFailedFlush_SpendsItsDataCredit_AndTheBatchStaysUsable()
    {
        FailingOnceStream stream = new();
        using Ht2Connection client = new(stream);
        using (Ht2Batch batch = client.BeginBatch())
        {
            batch.Add(new DataFrame { StreamId = 1 }, new byte[100]);
            Assert.Throws<IOException>(() => batch.Send());

            // Handed to the transport, so perhaps received: not given back at Dispose.
            batch.Add(new PingFrame { OpaqueData = 4 });
            batch.Send();
        }

        Assert.Equal(Window - 100, client.ConnectionSendWindow);
        Assert.Equal(Window - 100, client.GetStreamSendWindow(1));
        List<byte> expected = new();
        Wire.Ping(expected, 4);
        Assert.Equal(expected.ToArray(), stream.Written.ToArray());
    }

    /// <summary>A write-only stream whose first write fails, as a reset connection would.</summary>
    private sealed class FailingOnceStream : Stream
    {
        private bool _failed;

        public MemoryStream Written { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!_failed)
            {
                _failed = true;
                throw new IOException("reset");
            }

            Written.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

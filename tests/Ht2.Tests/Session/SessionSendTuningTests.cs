using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A session hands its send tuning (<see cref="Ht2SessionOptions.MaxBytesPerSend"/>,
/// <see cref="Ht2SessionOptions.NotSentLowWatermark"/>) and its <see cref="Ht2SessionOptions.ReceiveSpin"/> to its
/// transport as it is created, before anything runs.
/// </summary>
public sealed class SessionSendTuningTests
{
    [Theory]
    [InlineData(1000, 4096, 0)]
    [InlineData(60 * 1024, null, 50)]
    public async Task The_transport_gets_the_options_send_tuning_when_the_session_is_created(int maxBytesPerSend, int? notSentLowWatermark, int receiveSpinMicroseconds)
    {
        TuningTransport transport = new();
        TimeSpan receiveSpin = TimeSpan.FromMicroseconds(receiveSpinMicroseconds);
        Ht2SessionOptions options = new() { MaxBytesPerSend = maxBytesPerSend, NotSentLowWatermark = notSentLowWatermark, ReceiveSpin = receiveSpin };
        Ht2Session session = new(transport, Ht2SessionRole.Server, new RecordingHandler(), options, new FakeTime());
        await using BoundedDisposal disposal = session.DisposedWithin(TimeSpan.FromSeconds(10));
        Assert.Equal([(maxBytesPerSend, notSentLowWatermark)], transport.Tunings);
        Assert.Equal([receiveSpin], transport.Spins);
    }

    /// <summary>Records <see cref="IFrameTransport.ApplySendTuning"/> and <see cref="IFrameTransport.ApplyReceiveSpin"/>; a session that is never run uses nothing else but Close.</summary>
    private sealed class TuningTransport : IFrameTransport
    {
        public List<(int, int?)> Tunings { get; } = new();

        public List<TimeSpan> Spins { get; } = new();

        public void ApplySendTuning(int maxBytesPerSend, int? notSentLowWatermark) => Tunings.Add((maxBytesPerSend, notSentLowWatermark));

        public void ApplyReceiveSpin(TimeSpan spin) => Spins.Add(spin);

        public void Close()
        {
        }

        public long Write(ReadOnlySpan<Iovec> entries) => throw new NotSupportedException();

        public ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Flush() => throw new NotSupportedException();

        public ValueTask FlushAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public int Read(Span<byte> buffer) => throw new NotSupportedException();

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void ShutdownOutput() => throw new NotSupportedException();
    }
}

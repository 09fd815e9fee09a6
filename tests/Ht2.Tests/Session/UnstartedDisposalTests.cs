using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A session disposed before it ran is closed like one disposed after running: a later shutdown or abort does
/// nothing, a client opens no stream, and nothing is ever written.
/// </summary>
public sealed class UnstartedDisposalTests
{
    [Fact]
    public async Task Shutdown_and_Abort_after_disposing_an_unstarted_server_do_nothing()
    {
        MemoryTransport transport = new();
        Ht2Session session = new(transport, Ht2SessionRole.Server, new RecordingHandler(), null, new FakeTime());
        await session.DisposeAsync();
        session.Shutdown();
        session.Abort(Http2ErrorCode.InternalError);
        Assert.True(transport.IsClosed);
        Assert.Empty(transport.TakeOutput());
        Assert.True(session.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_client_disposed_before_it_ran_opens_no_stream()
    {
        MemoryTransport transport = new();
        Ht2Session session = new(transport, Ht2SessionRole.Client, new RecordingHandler(), null, new FakeTime());
        await session.DisposeAsync();
        Assert.Null(session.OpenStream(Wire.GetFields, endStream: true));
        Assert.Equal(0, session.ActiveStreamCount);
        Assert.Empty(transport.TakeOutput());
    }
}

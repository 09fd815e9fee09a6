using System;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Tasks;
using Ht2.Tests.IO;

namespace Ht2.Tests.Session;

/// <summary>
/// Each public factory makes a session of its role over its transport; a session disposed before it ran closes that
/// transport, sends nothing and completes.
/// </summary>
public sealed class FactoryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(Ht2SessionRole.Server)]
    [InlineData(Ht2SessionRole.Client)]
    public async Task A_pipe_session_disposed_before_it_ran_completes_both_ends_and_wrote_nothing(Ht2SessionRole role)
    {
        Pipe input = new();
        Pipe output = new();
        DuplexPipe pipe = new(input.Reader, output.Writer);
        Ht2Session session = role == Ht2SessionRole.Server
            ? Ht2Session.CreateServer(pipe, new RecordingHandler())
            : Ht2Session.CreateClient(pipe, new RecordingHandler());
        Assert.Equal(role, session.Role);

        await session.DisposeAsync().AsTask().Within(Bound);
        Assert.True(session.Completion.IsCompletedSuccessfully);
        Assert.Null(session.CloseReason);
        ReadResult written = await output.Reader.ReadAsync().AsTask().Within(Bound);
        Assert.True(written.IsCompleted);
        Assert.True(written.Buffer.IsEmpty);
        Assert.True((await input.Writer.FlushAsync().AsTask().Within(Bound)).IsCompleted, "the input's reader is still open");
    }

    [Theory]
    [InlineData(Ht2SessionRole.Server)]
    [InlineData(Ht2SessionRole.Client)]
    public async Task A_stream_session_disposed_before_it_ran_disposes_the_stream(Ht2SessionRole role)
    {
        MemoryStream stream = new();
        Ht2Session session = role == Ht2SessionRole.Server
            ? Ht2Session.CreateServer(stream, new RecordingHandler())
            : Ht2Session.CreateClient(stream, new RecordingHandler());
        Assert.Equal(role, session.Role);
        await session.DisposeAsync().AsTask().Within(Bound);
        Assert.False(stream.CanRead, "the stream was not disposed");
        Assert.Empty(stream.ToArray());
    }

    [Theory]
    [InlineData(Ht2SessionRole.Server)]
    [InlineData(Ht2SessionRole.Client)]
    public async Task A_socket_session_disposed_before_it_ran_disposes_the_socket(Ht2SessionRole role)
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Ht2Session session = role == Ht2SessionRole.Server
            ? Ht2Session.CreateServer(socket, new RecordingHandler())
            : Ht2Session.CreateClient(socket, new RecordingHandler());
        Assert.Equal(role, session.Role);
        await session.DisposeAsync().AsTask().Within(Bound);
        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }

    [Fact]
    public void A_null_handler_is_refused()
    {
        Pipe pipe = new();
        Assert.Throws<ArgumentNullException>(() => Ht2Session.CreateServer(new DuplexPipe(pipe.Reader, pipe.Writer), null!));
    }
}

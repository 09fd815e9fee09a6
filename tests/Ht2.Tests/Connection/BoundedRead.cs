using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Connection;

/// <summary>
/// Reads on the thread pool with a bound. A read loop that stops making progress without reading (it finds "more
/// bytes needed" already buffered, for ever) spins on the calling thread inside ReadFrameAsync before it returns a
/// task, where no fake stream sees it: run that way, such a bug fails the test within the bound instead of hanging it.
/// </summary>
internal static class BoundedRead
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static Task<ReceivedFrame> Frame(Ht2Connection connection)
        => Task.Run(() => connection.ReadFrameAsync().AsTask()).Within(Patience);

    public static Task<ReceivedFrame> ClientPreface(Ht2Connection connection)
        => Task.Run(() => connection.ReadClientPrefaceAsync().AsTask()).Within(Patience);
}

using System.Collections.Concurrent;

namespace Ht2.KestrelHost;

/// <summary>
/// Counts <c>/goaway-after/{n}</c> requests per connection, so the n-th one on a connection can ask Kestrel to
/// close it gracefully. An entry lives until its connection closes.
/// </summary>
internal sealed class ConnectionRequestCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    /// <summary>Counts one request on <paramref name="connectionId"/> and returns the new count.</summary>
    public int Increment(string connectionId) => _counts.AddOrUpdate(connectionId, 1, static (_, count) => count + 1);

    /// <summary>Forgets a closed connection.</summary>
    public void Forget(string connectionId) => _counts.TryRemove(connectionId, out _);
}

using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.KestrelHost;

/// <summary>
/// Named latches behind <c>GET /hold/{key}</c> and <c>GET /release/{key}</c>: a held request stays in flight until
/// its key is released, so a test decides exactly when it completes without timing anything. Releasing before the
/// hold arrives is remembered.
/// </summary>
public sealed class HoldRegistry
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _latches = new();

    /// <summary>Completes every current and future hold on <paramref name="key"/> until one of them ends.</summary>
    public void Release(string key) => Latch(key).TrySetResult();

    /// <summary>
    /// Waits until <paramref name="key"/> is released; true when released, false when <paramref name="limit"/>
    /// passed first. The latch is forgotten once a hold ends.
    /// </summary>
    public async Task<bool> HoldAsync(string key, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await Latch(key).Task.WaitAsync(limit, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _latches.TryRemove(key, out _);
        }
    }

    private TaskCompletionSource Latch(string key) =>
        _latches.GetOrAdd(key, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

using System;

namespace Ht2;

/// <summary>
/// A token-bucket limit: up to <see cref="Burst"/> events at once, refilled at <see cref="PerSecond"/> events per
/// second. Exceeding it is a flood.
/// </summary>
/// <param name="Burst">The events allowed at once (the bucket size); 0 disables the limit.</param>
/// <param name="PerSecond">The refill rate, in events per second.</param>
public readonly record struct RateLimit(int Burst, double PerSecond)
{
    /// <summary>A limit that never trips.</summary>
    public static RateLimit Unlimited => new(0, 0);
}

/// <summary>The state of one <see cref="RateLimit"/> on one connection; a mutable struct kept in a field.</summary>
internal struct TokenBucket
{
    private RateLimit _limit;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(RateLimit limit, long now)
    {
        _limit = limit;
        _tokens = limit.Burst;
        _lastTimestamp = now;
    }

    /// <summary>Takes one token; false when the bucket is empty (the limit is exceeded).</summary>
    public bool TryTake(TimeProvider time)
    {
        if (_limit.Burst <= 0)
        {
            return true;
        }

        long now = time.GetTimestamp();
        double elapsed = (double)(now - _lastTimestamp) / time.TimestampFrequency;
        _lastTimestamp = now;
        _tokens = Math.Min(_limit.Burst, _tokens + (elapsed * _limit.PerSecond));
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}

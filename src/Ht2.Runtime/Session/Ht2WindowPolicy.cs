using System;

namespace Ht2;

/// <summary>
/// How much the peer may send before the application consumes it, and when credit goes back. The stream window is
/// advertised as SETTINGS_INITIAL_WINDOW_SIZE, the connection window is opened by a WINDOW_UPDATE on stream 0 right
/// after our SETTINGS; a WINDOW_UPDATE is sent for a window once the consumed, unreturned bytes reach
/// <see cref="UpdateThresholdPercent"/> percent of it.
/// </summary>
public sealed class Ht2WindowPolicy
{
    /// <summary>The RFC's initial window (65,535) that both windows start at before SETTINGS and WINDOW_UPDATE.</summary>
    public const int DefaultWindowSize = 65_535;

    /// <summary>The receive window of each stream: 1 MiB by default.</summary>
    public int StreamWindowSize { get; init; } = 1024 * 1024;

    /// <summary>The receive window of the connection (all streams together): 4 MiB by default.</summary>
    public int ConnectionWindowSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>The share of a window (1..100 %) consumed before a WINDOW_UPDATE returns it: 50 by default.</summary>
    public int UpdateThresholdPercent { get; init; } = 50;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(StreamWindowSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(ConnectionWindowSize, DefaultWindowSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(UpdateThresholdPercent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(UpdateThresholdPercent, 100);
    }

    internal int Threshold(int window) => Math.Max(1, (int)((long)window * UpdateThresholdPercent / 100));
}

using System.Collections.Generic;

namespace Ht2;

/// <summary>How a stream ended, remembered for a while to answer late frames exactly (RFC 9113 §5.1, §5.4.2).</summary>
internal enum StreamCloseKind : byte
{
    /// <summary>Both sides sent END_STREAM.</summary>
    Ended,

    /// <summary>The peer sent RST_STREAM: later frames are STREAM_CLOSED errors.</summary>
    ResetByPeer,

    /// <summary>We sent RST_STREAM: frames the peer sent before it saw ours are ignored.</summary>
    ResetByUs,
}

/// <summary>
/// The last N closed stream ids and how each closed: a bounded ring plus a map, so memory stays constant whatever
/// the peer does, and lookups and evictions allocate nothing once the map has grown to N entries.
/// </summary>
internal sealed class ClosedStreams
{
    private readonly uint[] _ring;
    private readonly Dictionary<uint, StreamCloseKind> _kinds;
    private int _next;

    public ClosedStreams(int capacity)
    {
        _ring = new uint[capacity];
        _kinds = new Dictionary<uint, StreamCloseKind>(capacity);
    }

    public void Add(uint id, StreamCloseKind kind)
    {
        if (_kinds.ContainsKey(id))
        {
            _kinds[id] = kind;
            return;
        }

        // The map holds exactly the ids in the ring: full, the oldest one leaves.
        if (_kinds.Count == _ring.Length)
        {
            _kinds.Remove(_ring[_next]);
        }

        _ring[_next] = id;
        _next = (_next + 1) % _ring.Length;
        _kinds[id] = kind;
    }

    public bool TryGet(uint id, out StreamCloseKind kind) => _kinds.TryGetValue(id, out kind);
}

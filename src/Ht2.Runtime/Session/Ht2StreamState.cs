namespace Ht2;

/// <summary>The stream states of RFC 9113 §5.1.</summary>
public enum Ht2StreamState
{
    /// <summary>Not opened yet.</summary>
    Idle,

    /// <summary>Promised by us with PUSH_PROMISE (this engine never pushes).</summary>
    ReservedLocal,

    /// <summary>Promised by the peer (this engine refuses pushes).</summary>
    ReservedRemote,

    /// <summary>Both sides may send.</summary>
    Open,

    /// <summary>We sent END_STREAM; the peer may still send.</summary>
    HalfClosedLocal,

    /// <summary>The peer sent END_STREAM; we may still send.</summary>
    HalfClosedRemote,

    /// <summary>Both sides ended, or either reset the stream.</summary>
    Closed,
}

/// <summary>Which end of the connection a session is.</summary>
public enum Ht2SessionRole
{
    /// <summary>Accepts streams the peer opens (odd ids) and answers them.</summary>
    Server,

    /// <summary>Opens streams (odd ids) and reads their responses.</summary>
    Client,
}

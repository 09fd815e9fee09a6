namespace Ht2;

/// <summary>
/// Told when a DATA sender starts waiting for flow-control credit. Injected through the internal
/// <see cref="Ht2Connection"/> constructor (tests use it to wait deterministically); production connections have none.
/// </summary>
internal interface IFlowControlObserver
{
    /// <summary>Called under the windows' lock each time a sender on <paramref name="streamId"/> finds no credit and starts waiting.</summary>
    void WaitStarted(uint streamId);
}

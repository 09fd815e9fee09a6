namespace Ht2.Tests.Session;

/// <summary>
/// The memory of recently closed streams (RFC 9113 §5.1: how to treat a late frame depends on how the stream closed):
/// a ring of the last <c>capacity</c> ids, the oldest forgotten first; an id closed again keeps its place and takes
/// the newer kind, without pushing another id out.
/// </summary>
public sealed class ClosedStreamsTests
{
    [Fact]
    public void The_oldest_id_is_forgotten_once_the_ring_is_full()
    {
        ClosedStreams closed = new(2);
        closed.Add(1, StreamCloseKind.Ended);
        closed.Add(3, StreamCloseKind.ResetByPeer);
        closed.Add(5, StreamCloseKind.ResetByUs);

        Assert.False(closed.TryGet(1, out _));
        Assert.True(closed.TryGet(3, out StreamCloseKind three));
        Assert.Equal(StreamCloseKind.ResetByPeer, three);
        Assert.True(closed.TryGet(5, out StreamCloseKind five));
        Assert.Equal(StreamCloseKind.ResetByUs, five);
    }

    [Fact]
    public void An_id_added_again_takes_the_new_kind_and_forgets_no_other_id()
    {
        ClosedStreams closed = new(2);
        closed.Add(1, StreamCloseKind.Ended);
        closed.Add(3, StreamCloseKind.ResetByUs);
        closed.Add(3, StreamCloseKind.ResetByPeer);

        Assert.True(closed.TryGet(1, out StreamCloseKind one));
        Assert.Equal(StreamCloseKind.Ended, one);
        Assert.True(closed.TryGet(3, out StreamCloseKind three));
        Assert.Equal(StreamCloseKind.ResetByPeer, three);

        // The ring still holds 1 then 3: the next id forgets 1, the one after it 3.
        closed.Add(5, StreamCloseKind.Ended);
        Assert.False(closed.TryGet(1, out _));
        Assert.True(closed.TryGet(3, out _));
        closed.Add(7, StreamCloseKind.Ended);
        Assert.False(closed.TryGet(3, out _));
        Assert.True(closed.TryGet(5, out _));
        Assert.True(closed.TryGet(7, out _));
    }
}

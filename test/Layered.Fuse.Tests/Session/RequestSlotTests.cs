using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Tests.Session;

/// <summary>The per-context slots behind FUSE_INTERRUPT and the request counters.</summary>
public sealed class RequestSlotTests
{
    [Fact]
    public void AnInterruptCancelsOnlyTheRequestBeingServedUnderItsUniqueId()
    {
        var slots = new RequestSlots();
        var first = slots.Add();
        var second = slots.Add();
        first.Begin(7);
        second.Begin(8);
        var firstToken = first.Token;
        var secondToken = second.Token;

        Assert.Equal(2, slots.InFlight);
        Assert.False(slots.Interrupt(9));
        Assert.True(slots.Interrupt(8));
        Assert.True(secondToken.IsCancellationRequested);
        Assert.False(firstToken.IsCancellationRequested);

        first.End();
        second.End();
        Assert.Equal(0, slots.InFlight);
        Assert.False(slots.Interrupt(7), "an interrupt found a request that had already ended");
    }

    [Fact]
    public void ALateInterruptNeverLandsOnTheSlotsNextRequest()
    {
        var slots = new RequestSlots();
        var slot = slots.Add();
        slot.Begin(1);
        var interrupted = slot.Token;
        Assert.True(slots.Interrupt(1));
        slot.End();

        // The next request gets a fresh token; the first one's interrupt stays with the first.
        slot.Begin(2);
        Assert.True(interrupted.IsCancellationRequested);
        Assert.False(slot.Token.IsCancellationRequested);
        Assert.False(slots.Interrupt(1));
        Assert.False(slot.Token.IsCancellationRequested);
        slot.End();

        // A request nobody interrupted hands its (reset) token on uncancelled.
        slot.Begin(3);
        slot.End();
        slot.Begin(4);
        Assert.False(slot.Token.IsCancellationRequested);
        slot.End();
    }

    [Fact]
    public void CountsAreKeptPerSlotAndSummedOverAll()
    {
        var slots = new RequestSlots();
        var a = slots.Add();
        var b = slots.Add();
        a.Count(FuseOpcode.FUSE_WRITE);
        a.Count(FuseOpcode.FUSE_WRITE);
        b.Count(FuseOpcode.FUSE_WRITE);
        b.Count(FuseOpcode.FUSE_LOOKUP);
        b.Count((FuseOpcode)100_000);

        Assert.Equal(3, slots.Requests(FuseOpcode.FUSE_WRITE));
        Assert.Equal(1, slots.Requests(FuseOpcode.FUSE_LOOKUP));
        Assert.Equal(0, slots.Requests(FuseOpcode.FUSE_READ));
        Assert.Equal(2, a.Served);
        Assert.Equal(2, b.Served);
    }

    [Fact]
    public async Task ContextsCountingAtOnceLoseNothing()
    {
        var slots = new RequestSlots();
        const int PerContext = 200_000;
        var contexts = Enumerable.Range(0, 4).Select(_ => slots.Add()).ToArray();
        await Task.WhenAll(contexts.Select(slot => Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < PerContext; i++) slot.Count(FuseOpcode.FUSE_GETATTR);
        }, TaskCreationOptions.LongRunning))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(4L * PerContext, slots.Requests(FuseOpcode.FUSE_GETATTR));
    }
}

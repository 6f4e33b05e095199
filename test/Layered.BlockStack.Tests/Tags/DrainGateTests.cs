namespace Layered.BlockStack.Tests.Tags;

public sealed class DrainGateTests
{
    [Fact]
    public async Task ClosingStopsNewEntriesAndCompletesWhenTheLastOneLeaves()
    {
        var gate = new DrainGate();
        Assert.True(gate.TryEnter());
        Assert.True(gate.TryEnter());
        var drained = gate.CloseAndDrainAsync();
        Assert.False(gate.TryEnter());
        gate.Exit();
        Assert.False(drained.IsCompleted);
        gate.Exit();
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, gate.Count);
    }

    [Fact]
    public async Task RacingEntersAndACloseNeverLoseAnExit()
    {
        for (var round = 0; round < 200; round++)
        {
            var gate = new DrainGate();
            var entered = 0;
            var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    if (!gate.TryEnter()) return;
                    Interlocked.Increment(ref entered);
                    gate.Exit();
                }
            })).ToArray();
            await gate.CloseAndDrainAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, gate.Count);
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}

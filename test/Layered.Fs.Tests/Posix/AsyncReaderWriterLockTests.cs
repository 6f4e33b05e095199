using Layered.Fs.Locking;

namespace Layered.Fs.Tests.Posix;

public sealed class AsyncReaderWriterLockTests
{
    [Fact(Timeout = 10000)]
    public async Task ReadersShareTheLockAndAWriterWaitsForThemAll()
    {
        var gate = new AsyncReaderWriterLock();
        var first = await gate.ReadAsync(CancellationToken.None);
        var second = await gate.ReadAsync(CancellationToken.None);
        var writer = gate.WriteAsync(CancellationToken.None).AsTask();
        Assert.False(writer.IsCompleted);
        first.Dispose();
        Assert.False(writer.IsCompleted);
        second.Dispose();
        (await writer).Dispose();
    }

    [Fact(Timeout = 10000)]
    public async Task AWaitingWriterHoldsBackNewReaders()
    {
        var gate = new AsyncReaderWriterLock();
        var reader = await gate.ReadAsync(CancellationToken.None);
        var writer = gate.WriteAsync(CancellationToken.None).AsTask();
        var lateReader = gate.ReadAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(lateReader.IsCompleted);
        reader.Dispose();
        var held = await writer;
        Assert.False(lateReader.IsCompleted);
        held.Dispose();
        (await lateReader).Dispose();
    }

    [Fact(Timeout = 10000)]
    public async Task ACancelledWaiterIsPassedOver()
    {
        var gate = new AsyncReaderWriterLock();
        var reader = await gate.ReadAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.WriteAsync(cancel.Token).AsTask();
        var next = gate.WriteAsync(CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        reader.Dispose();
        (await next).Dispose();
        (await gate.ReadAsync(CancellationToken.None)).Dispose();
    }
}

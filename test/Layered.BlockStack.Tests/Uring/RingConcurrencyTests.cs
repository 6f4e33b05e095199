using Layered.TestKit.Requirements;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using static Layered.BlockStack.Tests.Uring.RingTestKit;

namespace Layered.BlockStack.Tests.Uring;

[RequiresIoUring]
public class RingConcurrencyTests
{
    private const int Tasks = 8;
    private const int OperationsPerTask = 500;
    private const int BlocksPerTask = 64;
    private const int BlocksPerStaging = 4;

    [DeviceTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EightTasksOfRandomReadsAndWritesEachSeeTheirOwnData(bool inlineCompletions)
    {
        using TempFile file = TempFile.Create((long)Tasks * BlocksPerTask * BlockBytes);
        using Ring ring = CreateRingWithFile(file, new RingOptions { Entries = 16, InlineCompletions = inlineCompletions });
        // Each task stages its I/O in its own part of one buffer that sits in fixed-buffer slot 2.
        using AlignedMemory staging = new(Tasks * BlocksPerStaging * BlockBytes);
        Assert.Equal(Errno.Success, ring.RegisterBuffer(2, staging));

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(() => RunTask(ring, staging, task)))).WaitAsync(TestTimeout);

        Assert.Equal(Tasks * OperationsPerTask, ring.Counters.Completed);
        Assert.Equal(Tasks * OperationsPerTask,
            ring.Counters.ReadSubmitted + ring.Counters.WriteSubmitted + ring.Counters.ReadFixedSubmitted + ring.Counters.WriteFixedSubmitted);
    }

    private static async Task RunTask(Ring ring, AlignedMemory staging, int task)
    {
        var random = new Random(task);
        byte[][] model = new byte[BlocksPerTask][];
        for (int block = 0; block < BlocksPerTask; block++)
        {
            model[block] = new byte[BlockBytes];
        }
        for (int i = 0; i < OperationsPerTask; i++)
        {
            int block = random.Next(BlocksPerTask);
            long fileOffset = ((long)task * BlocksPerTask + block) * BlockBytes;
            int stagingOffset = (task * BlocksPerStaging + random.Next(BlocksPerStaging)) * BlockBytes;
            bool fixedBuffer = random.Next(2) == 0;
            if (random.Next(2) == 0)
            {
                random.NextBytes(model[block]);
                model[block].CopyTo(staging.Span.Slice(stagingOffset, BlockBytes));
                ValueTask<int> write = fixedBuffer ? ring.WriteFixed(2, staging, stagingOffset, fileOffset) : ring.Write(staging, stagingOffset, fileOffset);
                Assert.Equal(BlockBytes, await write);
            }
            else
            {
                staging.Span.Slice(stagingOffset, BlockBytes).Fill(0xEE);
                ValueTask<int> read = fixedBuffer ? ring.ReadFixed(2, staging, stagingOffset, fileOffset) : ring.Read(staging, stagingOffset, fileOffset);
                Assert.Equal(BlockBytes, await read);
                Assert.True(staging.Span.Slice(stagingOffset, BlockBytes).SequenceEqual(model[block]), $"task {task} op {i} block {block} read stale data");
            }
        }
    }

    [DeviceFact]
    public async Task TenTimesMoreOperationsThanTheRingHoldsAllComplete()
    {
        using TempFile file = TempFile.Create(64 * BlockBytes);
        using Ring ring = CreateRingWithFile(file, new RingOptions { Entries = 16 });
        using AlignedMemory buffer = new(64 * BlockBytes);
        Random.Shared.NextBytes(buffer.Span);
        Assert.Equal(Errno.Success, ring.RegisterBuffer(0, buffer));
        int count = 10 * ring.CompletionEntries;

        var operations = new ValueTask<int>[count];
        for (int i = 0; i < count; i++)
        {
            int block = i % 64;
            operations[i] = i % 2 == 0
                ? ring.WriteFixed(0, buffer, block * BlockBytes, block * BlockBytes)
                : ring.Read(buffer, block * BlockBytes, block * BlockBytes);
        }
        int[] results = await operations.Bounded();

        Assert.All(results, res => Assert.Equal(BlockBytes, res));
        Assert.Equal(count, ring.Counters.Completed);
        Assert.True(ring.MaxInFlight < ring.CompletionEntries, $"max in flight {ring.MaxInFlight} >= CQ {ring.CompletionEntries}");
    }
}

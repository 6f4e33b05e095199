using Layered.Fuse.Tests.Native;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>What only the io_uring transport promises: a request is served on the CPU that raised it.</summary>
[RequiresFuseMounts]
[RequiresFuseIoUring]
public sealed class MountedIoUringTests
{
    private const int Files = 100;

    [DeviceFact(Timeout = 60000)]
    public async Task RequestsAreServedByTheQueueOfTheCpuThatRaisedThem()
    {
        await using var mounted = await MountedFs.StartAsync(MountedTransport.IoUring);
        var uring = mounted.Mount.Session.Uring!;
        Assert.True(uring.AllPinned, "a queue thread is not pinned to its CPU");
        var cpus = Math.Min(Environment.ProcessorCount, uring.Queues);
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            var before = Enumerable.Range(0, uring.Queues).Select(uring.ServedOn).ToArray();
            var folder = mounted[$"cpu{cpu}"];
            RunPinned(cpu, () =>
            {
                Directory.CreateDirectory(folder);
                for (var i = 0; i < Files; i++) File.WriteAllText(Path.Combine(folder, $"f{i}"), "x");
            });
            var delta = Enumerable.Range(0, uring.Queues).Select(q => uring.ServedOn(q) - before[q]).ToArray();
            // Each file costs at least LOOKUP, CREATE and WRITE from the pinned thread.
            Assert.True(delta[cpu] >= 3 * Files, $"CPU {cpu}'s queue served {delta[cpu]} requests: [{string.Join(", ", delta)}]");
            var elsewhere = delta.Sum() - delta[cpu];
            Assert.True(elsewhere < delta[cpu] / 10, $"requests raised on CPU {cpu} went to other queues: [{string.Join(", ", delta)}]");
        }
        Assert.Equal(Files, Directory.GetFiles(mounted["cpu0"]).Length);
    }

    private static void RunPinned(int cpu, Action work)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                TestInterop.PinCurrentThread(cpu);
                work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), $"the work pinned to CPU {cpu} did not finish");
        if (failure is not null) throw failure;
    }
}

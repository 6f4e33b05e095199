using System.Collections.Concurrent;
using Layered.BlockStack;
using Layered.BlockStack.Tags;
using Layered.Leases.Tests.Support;
using Layered.TestKit.Contracts;

namespace Layered.Leases.Tests;

public sealed class LeaseStressTests
{
    private const int Inodes = 3;
    private const int Clients = 6;
    private const int Breakers = 3;
    private static readonly TimeSpan s_runTime = TimeSpan.FromSeconds(3);

    private sealed record Granted(LayoutLease Lease, DeviceTag[] Tags);

    [Fact(Timeout = 30000)]
    public async Task NoBreakScopeEverCoexistsWithALiveCoveredLeaseOrItsIo()
    {
        var seed = Seeds.Next(nameof(NoBreakScopeEverCoexistsWithALiveCoveredLeaseOrItsIo));
        await using var rig = new DeviceRig();
        IBlockDevice[] devices = [rig.Memory("first"), rig.Memory("second")];
        var table = new LeaseTable(new LeaseOptions { BreakTime = TimeSpan.FromMilliseconds(100) });
        var clients = Enumerable.Range(0, Clients).Select(i => new IoClient($"client {i}", deaf: i == 0)).ToArray();
        var granted = new ConcurrentQueue<Granted>();
        var violations = new ConcurrentQueue<string>();
        var deadline = DateTime.UtcNow + s_runTime;

        var clientTasks = clients.Select((client, i) => Task.Run(async () =>
        {
            var random = new Random(seed * 31 + i);
            for (var round = 0; round < 100_000 && DateTime.UtcNow < deadline; round++)
            {
                var (inode, offset, length) = RandomRange(random);
                var mode = random.Next(2) == 0 ? LeaseMode.Read : LeaseMode.ReadWrite;
                var lease = await table.AcquireAsync(inode, offset, length, mode, client).AsTask().WaitAsync(Bounds.Step);
                var tags = devices.Take(random.Next(1, devices.Length + 1)).Select(rig.Map).ToArray();
                granted.Enqueue(new Granted(lease, tags));
                // A tag the lease refuses (it ended meanwhile) must not carry I/O: no fence would cover it.
                var attached = tags.All(lease.AttachTag);
                // The deaf client keeps issuing for a few hundred ms, so a recall of it ends in a fence.
                var ios = client.IsDeaf ? 300 : random.Next(1, 40);
                for (var io = 0; attached && io < ios; io++)
                {
                    if (!await client.TryReadAsync(lease, tags[io % tags.Length], random.Next(1024) * 8)) break;
                    if (client.IsDeaf || random.Next(8) == 0) await Task.Delay(1);
                }
                await client.FinishAsync(lease);
                foreach (var tag in tags) await rig.UnmapAsync(tag);
            }
        })).ToArray();

        var breakerTasks = Enumerable.Range(0, Breakers).Select(b => Task.Run(async () =>
        {
            var random = new Random(seed * 17 + b);
            for (var round = 0; round < 100_000 && DateTime.UtcNow < deadline; round++)
            {
                var (inode, offset, length) = RandomRange(random);
                var options = RandomOptions(random, clients);
                BreakScope scope;
                try
                {
                    scope = await table.BreakAsync(inode, offset, length, options).AsTask().WaitAsync(Bounds.Step);
                }
                catch (LeaseBreakWouldBlockException)
                {
                    continue;
                }
                CheckScope(scope, options, table, granted, violations);
                await Task.Delay(random.Next(0, 3));
                CheckScope(scope, options, table, granted, violations);
                scope.Dispose();
            }
        })).ToArray();

        await Task.WhenAll(clientTasks.Concat(breakerTasks)).WaitAsync(TimeSpan.FromSeconds(25));

        Console.WriteLine($"[leases] seed {seed}: {table.Counters}");
        Assert.True(violations.IsEmpty, $"seed {seed}: {violations.Count} violation(s), first: {violations.FirstOrDefault()}");
        Assert.True(table.Counters.Recalls > 0 && table.Counters.Fences > 0, $"seed {seed}: the run recalled or fenced nothing: {table.Counters}");
        for (var inode = 0UL; inode < Inodes; inode++) Assert.Equal(0, table.Queued(inode));
    }

    /// <summary>While a scope is held, every lease it covers has ended, and none of its tags has I/O in flight.</summary>
    private static void CheckScope(BreakScope scope, BreakOptions options, LeaseTable table, ConcurrentQueue<Granted> granted, ConcurrentQueue<string> violations)
    {
        foreach (var lease in table.Active(scope.Inode))
            if (Covers(scope, options, lease)) violations.Enqueue($"{scope} coexists with table entry {lease}");
        foreach (var (lease, tags) in granted)
        {
            if (lease.Inode != scope.Inode || !Covers(scope, options, lease)) continue;
            if (lease.State is not (LeaseState.Released or LeaseState.Fenced)) violations.Enqueue($"{scope} coexists with {lease}");
            foreach (var tag in tags)
                if (tag.InFlight != 0 && tag.State != TagState.Unmapped) violations.Enqueue($"{scope} coexists with I/O on {tag} of {lease}");
        }
    }

    private static bool Covers(BreakScope scope, BreakOptions options, LayoutLease lease) =>
        lease.Offset < scope.Offset + scope.Length && scope.Offset < lease.Offset + lease.Length
        && (!options.OnlyReadLeases || lease.Mode == LeaseMode.Read)
        && !ReferenceEquals(lease.Holder, options.ExceptHolder);

    private static (ulong Inode, long Offset, long Length) RandomRange(Random random)
    {
        var offset = random.Next(16) * 4096L;
        var length = random.Next(4) == 0 ? Bounds.Rest(offset) : random.Next(1, 8) * 4096L;
        return ((ulong)random.Next(Inodes), offset, length);
    }

    private static BreakOptions RandomOptions(Random random, IoClient[] clients) => random.Next(10) switch
    {
        < 5 => BreakOptions.All,
        < 7 => new BreakOptions { OnlyReadLeases = true },
        < 9 => new BreakOptions { OnlyReadLeases = true, ExceptHolder = clients[random.Next(clients.Length)] },
        _ => new BreakOptions { NonBlocking = true },
    };
}

using System.Text.Json.Nodes;
using Layered.BlockStack.Composition;
using Layered.Cli.Bench.Fs;
using Layered.Cli.Lifetime;
using Layered.Cli.Serving;
using Layered.Fs;
using Layered.Fs.Mkfs;
using Layered.Fuse.Mounting;

namespace Layered.Cli.Bench.Fuse;

/// <summary>
/// Our filesystem on a fresh loop device, mounted through our FUSE host in this process, and
/// driven through the mount with ordinary file syscalls, exactly as XFS is on the other side.
/// </summary>
internal sealed class FuseSide(FsBenchSettings settings, FuseMountOptions mountOptions, DeviceFactory factory, Action<string> progress) : IOursSide
{
    /// <summary>Mount folders are named by the owning process, so the next run can detach what a killed one left.</summary>
    public static readonly OwnedMountFolder MountFolder = new(Path.Combine(Path.GetTempPath(), "layered-fuse-bench"));

    public string Method =>
        "both sides driven by this process through the kernel with the same .NET file calls: names through File.OpenHandle/File.Exists/File.GetLastWriteTimeUtc/File.Delete, "
        + "the data file opened O_DIRECT with RandomAccess reads and writes (FUSE passes O_DIRECT on as direct I/O) and FileStream.Flush(true) as fsync; "
        + "sequential write time includes the final fsync; "
        + "ours: a fresh loop device (O_DIRECT, io_uring) with our filesystem, mounted through our FUSE host in the same process; "
        + "xfs: mkfs.xfs defaults on a loop device of the same size (--direct-io=on)";

    public async Task<JsonObject> RunAsync(FsWorkload workload, CancellationToken ct)
    {
        MountFolder.ReapStale(stale => FuseMount.Unmount(stale, lazy: true));
        using var hold = PendingCleanup.Hold();
        await using var target = BenchTarget.Open(BenchTarget.DefaultSpec, settings.SizeBytes, factory, progress);
        progress($"layered: {target.Describe()}");
        await FsFormatter.FormatAsync([target.Device], new MkfsOptions { Label = "bench" }, ct: ct);
        var mountPoint = MountFolder.CreateMountPoint();
        try
        {
            await using var fs = await FileSystem.MountAsync([target.Device], ct: ct);
            var mount = await FuseMount.MountAsync(fs, mountPoint, mountOptions);
            ReserveThreads(mount.Session.Options.Threads);
            try
            {
                progress($"layered: mounted through FUSE on {mountPoint} ({mount.Session.Transport})");
                var result = await workload.RunAsync("layered", new HostBenchFiles(mountPoint), ct);
                result["device"] = target.Describe();
                result["fuse_threads"] = mount.Session.Options.Threads;
                result["fuse_transport"] = mount.Session.Transport;
                result["fuse_requests_over_io_uring"] = mount.Session.RequestsOverIoUring;
                return result;
            }
            finally
            {
                await mount.UnmountAsync();
            }
        }
        finally
        {
            Directory.Delete(mountPoint);
        }
    }

    /// <summary>
    /// The workload's file calls block thread-pool threads in the kernel until our server answers,
    /// and our server's filesystem needs thread-pool threads to finish each answer. In one process
    /// the first can starve the second (the pool adds threads slowly), which a server in its own
    /// process never sees; so the pool starts with room for both.
    /// </summary>
    private void ReserveThreads(int serverThreads)
    {
        ThreadPool.GetMinThreads(out var workers, out var completions);
        var wanted = settings.QueueDepth + serverThreads + Environment.ProcessorCount;
        if (workers < wanted) ThreadPool.SetMinThreads(wanted, completions);
    }
}

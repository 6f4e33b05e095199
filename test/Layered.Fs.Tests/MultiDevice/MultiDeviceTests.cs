using System.Text;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.Fs.Callouts;
using Layered.Fs.Mkfs;
using Layered.Fs.Tests.Posix;
using Layered.Fs.Volumes;
using Layered.Raid;
using Layered.Raid.Assembly;
using Layered.Raid.Metadata;

namespace Layered.Fs.Tests.MultiDevice;

public sealed class MultiDeviceTests
{
    private static readonly FsMountOptions s_mount = new() { CommitIntervalMs = 0 };

    private static byte[] Data(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>The bytes of device sectors, read straight from the device (aligned memory, as devices require).</summary>
    private static async Task<byte[]> ReadSectorsAsync(IBlockDevice device, long sector, long count)
    {
        using var buffer = new AlignedMemory((int)(count * device.SectorSize));
        Assert.True((await device.ReadAsync(sector, buffer.Memory)).IsOk);
        return buffer.Span.ToArray();
    }

    /// <summary>Every Mapped extent of the whole file, looping as map may stop short.</summary>
    private static async Task<List<IomapExtent>> MapAllAsync(FileSystem fs, ulong ino, long size)
    {
        var extents = new List<IomapExtent>();
        for (var at = 0L; at < size;)
        {
            var batch = await fs.MapAsync(ino, at, size - at, MapIntent.Read);
            Assert.NotEmpty(batch);
            extents.AddRange(batch);
            at = batch[^1].FileEnd;
        }
        return extents;
    }

    [Fact(Timeout = 30_000)]
    public async Task FilesSpreadAcrossTheVolumesByDefault()
    {
        var (fs, _) = await TestFs.CreateAsync(volumes: 3);
        var volumes = new HashSet<int>();
        for (var i = 0; i < 12; i++)
        {
            var file = await fs.CreateAsync(FileSystem.RootIno, $"f{i}", 0x1A4, 0, 0);
            await fs.WriteAsync(file.Ino, 0, Data(i, 64 << 10));
            foreach (var extent in await MapAllAsync(fs, file.Ino, 64 << 10)) volumes.Add(extent.Volume);
        }
        Assert.True(volumes.Count == 3, $"12 files landed on volumes [{string.Join(",", volumes)}] only");
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task APlacementXattrOnADirectoryPutsNewFilesBeneathItOnThatVolume()
    {
        var (fs, _) = await TestFs.CreateAsync(volumes: 3);
        var dir = await fs.MkdirAsync(FileSystem.RootIno, "pinned", 0x1ED, 0, 0);
        await fs.SetXattrAsync(dir.Ino, FileSystem.PlacementXattr, Encoding.ASCII.GetBytes("2"));
        var sub = await fs.MkdirAsync(dir.Ino, "sub", 0x1ED, 0, 0);
        for (var i = 0; i < 6; i++)
        {
            var file = await fs.CreateAsync(i % 2 == 0 ? dir.Ino : sub.Ino, $"f{i}", 0x1A4, 0, 0);
            await fs.WriteAsync(file.Ino, 0, Data(i, 100_000));
            Assert.Equal("2", Encoding.ASCII.GetString(await fs.GetXattrAsync(file.Ino, FileSystem.PlacementXattr)));
            var extents = await MapAllAsync(fs, file.Ino, 100_000);
            Assert.All(extents, e => Assert.Equal(2, e.Volume));
            Assert.All(extents, e => Assert.Same(fs.Volumes[2], e.Device));
            var bdevs = await fs.GetBdevsAsync(file.Ino);
            Assert.Same(fs.Volumes[2], Assert.Single(bdevs));
        }
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task MappedDeviceSectorsHoldExactlyTheFilesBytes()
    {
        var (fs, _) = await TestFs.CreateAsync(volumes: 3);
        for (var i = 0; i < 6; i++)
        {
            var file = await fs.CreateAsync(FileSystem.RootIno, $"f{i}", 0x1A4, 0, 0);
            var data = Data(100 + i, 300_000 + i * 4096);
            await fs.WriteAsync(file.Ino, 0, data);
            await fs.WriteAsync(file.Ino, 1 << 20, data.AsMemory(0, 5000));
            var bdevs = await fs.GetBdevsAsync(file.Ino);
            var mapped = 0L;
            foreach (var extent in await MapAllAsync(fs, file.Ino, (1 << 20) + 5000))
            {
                if (extent.Type != IomapType.Mapped) continue;
                Assert.NotNull(extent.Device);
                Assert.Contains(extent.Device, bdevs);
                var onDisk = await ReadSectorsAsync(extent.Device, extent.Sector, extent.SectorCount);
                var expected = new byte[extent.Length];
                var read = await fs.ReadAsync(file.Ino, extent.FileOffset, expected);
                Assert.Equal(expected.AsSpan(0, read).ToArray(), onDisk.AsSpan(0, read).ToArray());
                if (extent.FileOffset < data.Length)
                    Assert.Equal(data.AsSpan((int)extent.FileOffset, Math.Min(read, data.Length - (int)extent.FileOffset)).ToArray(),
                        onDisk.AsSpan(0, Math.Min(read, data.Length - (int)extent.FileOffset)).ToArray());
                mapped += extent.Length;
            }
            Assert.True(mapped >= data.Length, $"only {mapped} bytes of {data.Length} are mapped");
        }
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task TheFilesystemMountsFromItsVolumesGivenInAnyOrder()
    {
        var (fs, devices) = await TestFs.CreateAsync(volumes: 3);
        var inos = new List<ulong>();
        for (var i = 0; i < 6; i++)
        {
            var file = await fs.CreateAsync(FileSystem.RootIno, $"f{i}", 0x1A4, 0, 0);
            await fs.WriteAsync(file.Ino, 0, Data(i, 50_000));
            inos.Add(file.Ino);
        }
        var ids = fs.Volumes.Select(v => v.Id).ToArray();
        await fs.DisposeAsync();
        foreach (var order in new[] { new[] { 2, 0, 1 }, new[] { 1, 2, 0 } })
        {
            await using var again = await FileSystem.MountAsync(order.Select(i => devices[i]).ToList(), s_mount);
            Assert.Equal(ids, again.Volumes.Select(v => v.Id).ToArray());
            for (var i = 0; i < inos.Count; i++)
            {
                var back = new byte[50_000];
                Assert.Equal(50_000, await again.ReadAsync(inos[i], 0, back));
                Assert.Equal(Data(i, 50_000), back);
            }
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task AMissingVolumeIsRefusedWithAMessageNamingIt()
    {
        var (fs, devices) = await TestFs.CreateAsync(volumes: 3);
        var missingId = fs.Superblock.Volumes[1].Id;
        await fs.DisposeAsync();
        var error = await Assert.ThrowsAsync<VolumeSetException>(() => FileSystem.MountAsync([devices[0], devices[2]], s_mount));
        Assert.Contains("volume 1", error.Message);
        Assert.Contains(missingId.ToString(), error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task AForeignVolumeIsRefusedWithAMessageNamingIt()
    {
        var (fs, devices) = await TestFs.CreateAsync(volumes: 3);
        await fs.DisposeAsync();
        var foreign = TestFs.Device("stranger");
        await FsFormatter.FormatAsync([foreign], new MkfsOptions { Label = "other" });
        var error = await Assert.ThrowsAsync<VolumeSetException>(() => FileSystem.MountAsync([devices[0], foreign, devices[2]], s_mount));
        Assert.Contains("stranger", error.Message);
        Assert.Contains("volume 1", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task AFilesystemWithARaid5VolumeStoresAndMapsFilesOnIt()
    {
        var members = Enumerable.Range(0, 4).Select(i => (IBlockDevice)MemoryDevice.Create(32 << 20, 512, $"m{i}")).ToArray();
        var array = await RaidArray.CreateAsync(RaidLevel.Raid5, members, new RaidCreateOptions { ChunkBytes = 64 << 10, Name = "r5", BitmapRegionBytes = 1 << 20 });
        var plain = TestFs.Device("plain");
        IBlockDevice[] volumes = [plain, array.Device];
        await FsFormatter.FormatAsync(volumes, new MkfsOptions());
        var fs = await FileSystem.MountAsync(volumes, s_mount);
        var dir = await fs.MkdirAsync(FileSystem.RootIno, "onraid", 0x1ED, 0, 0);
        await fs.SetXattrAsync(dir.Ino, FileSystem.PlacementXattr, Encoding.ASCII.GetBytes("1"));
        var file = await fs.CreateAsync(dir.Ino, "data", 0x1A4, 0, 0);
        var data = Data(7, 1 << 20);
        await fs.WriteAsync(file.Ino, 0, data);
        Assert.Same(array.Device, Assert.Single(await fs.GetBdevsAsync(file.Ino)));
        foreach (var extent in await MapAllAsync(fs, file.Ino, data.Length))
        {
            Assert.Same(array.Device, extent.Device);
            var onDisk = await ReadSectorsAsync(array.Device, extent.Sector, extent.SectorCount);
            Assert.Equal(data.AsSpan((int)extent.FileOffset, (int)extent.Length).ToArray(), onDisk);
        }
        await fs.DisposeAsync();
        await array.DisposeAsync();

        await using var assembled = await RaidArray.AssembleAsync([members[3], members[1], members[0], members[2]], new AssemblyOptions());
        await using var again = await FileSystem.MountAsync([assembled.Device, plain], s_mount);
        var back = new byte[data.Length];
        Assert.Equal(data.Length, await again.ReadAsync(file.Ino, 0, back));
        Assert.Equal(data, back);
    }
}

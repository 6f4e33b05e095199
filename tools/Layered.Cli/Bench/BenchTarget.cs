using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.BlockStack.Files;
using Layered.BlockStack.Memory;

namespace Layered.Cli.Bench;

/// <summary>
/// The device a benchmark runs on: <c>mem</c>, <c>loop</c> (a fresh loop device over a
/// sparse image, detached afterwards), <c>image</c> (.layered/bench.img), or a path.
/// </summary>
internal sealed class BenchTarget : IAsyncDisposable
{
    private readonly LoopDevice? _loop;

    private BenchTarget(IBlockDevice device, string? path, string kind, LoopDevice? loop)
    {
        Device = device;
        Path = path;
        Kind = kind;
        _loop = loop;
    }

    public IBlockDevice Device { get; }

    /// <summary>What fio can open; null for a memory device.</summary>
    public string? Path { get; }

    public string Kind { get; }

    public static string DefaultSpec => LoopDevice.Unavailable() is null ? "loop" : "image";

    public static BenchTarget Open(string spec, long sizeBytes, DeviceFactory factory, Action<string> progress)
    {
        switch (spec)
        {
            case "mem":
                return new BenchTarget(MemoryDevice.Create(sizeBytes), null, "memory", null);
            case "loop":
                if (LoopDevice.Unavailable() is { } why) throw new InvalidOperationException($"--device loop: {why}");
                var loop = LoopDevice.Attach(sizeBytes);
                progress($"attached {loop}");
                try
                {
                    return new BenchTarget(factory.OpenFile(loop.DevicePath), loop.DevicePath, "loop", loop);
                }
                catch
                {
                    loop.Dispose();
                    throw;
                }
            case "image":
                var image = System.IO.Path.GetFullPath(System.IO.Path.Combine(".layered", "bench.img"));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(image)!);
                if (!File.Exists(image) || new FileInfo(image).Length != sizeBytes) FileDevice.CreateImage(image, sizeBytes, overwrite: true);
                return new BenchTarget(factory.OpenFile(image), image, "image", null);
            default:
                var device = factory.OpenFile(spec);
                return new BenchTarget(device, spec, device.IsBlockDevice ? "block device" : "image", null);
        }
    }

    public string Describe() => Device is FileDevice file
        ? $"{Kind} {file.Path} ({ByteSize.Format(file.SectorCount * file.SectorSize)}, {file.SectorSize} B sectors, {(file.IsDirect ? "O_DIRECT" : "buffered")}, {(file.UsesIoUring ? "io_uring" : "RandomAccess")})"
        : $"{Kind} ({ByteSize.Format(Device.SectorCount * Device.SectorSize)})";

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        _loop?.Dispose();
    }
}

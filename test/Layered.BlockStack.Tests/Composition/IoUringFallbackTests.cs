using Layered.BlockStack.Composition;

namespace Layered.BlockStack.Tests.Composition;

[CollectionDefinition(nameof(SysctlCollection), DisableParallelization = true)]
public sealed class SysctlCollection;

/// <summary>
/// Turns io_uring off machine-wide for a moment (kernel.io_uring_disabled=2), so it runs
/// alone, outside the parallel tests, and restores the setting at once.
/// </summary>
[Collection(nameof(SysctlCollection))]
public sealed class IoUringFallbackTests
{
    private const string Sysctl = "/proc/sys/kernel/io_uring_disabled";

    [Fact]
    public async Task WhenIoUringIsDisabledFileDevicesFallBackAndSaySoOnce()
    {
        if (Environment.UserName != "root" || !File.Exists(Sysctl)) return;
        var notices = new List<string>();
        var options = new BlockStackOptions { Notice = notices.Add };
        using var first = new UringHostProvider(options);
        using var second = new UringHostProvider(options);
        var saved = File.ReadAllText(Sysctl).Trim();
        try
        {
            File.WriteAllText(Sysctl, "2");
            Assert.Null(first.Host);
            Assert.Null(second.Host);
        }
        finally
        {
            File.WriteAllText(Sysctl, saved);
        }
        var notice = Assert.Single(notices);
        Assert.Contains("EPERM", notice);
        Assert.Contains("RandomAccess", notice);

        using var images = new Files.ImageFiles();
        var factory = new DeviceFactory(options, first, Polly.ResiliencePipeline<IoResult>.Empty);
        await using var device = factory.OpenFile(images.Create(1 << 20));
        Assert.False(device.UsesIoUring);
        Assert.False(device.Capabilities.HasFlag(DeviceCapabilities.PreMap));
        using var memory = new Buffers.AlignedMemory(4096);
        memory.Span.Fill(3);
        Assert.True((await device.WriteAsync(8, memory.Memory)).IsOk);
    }
}

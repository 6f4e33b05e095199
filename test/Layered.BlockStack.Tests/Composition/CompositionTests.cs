using Layered.BlockStack.Buffers;
using Layered.BlockStack.Composition;
using Layered.BlockStack.Files;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace Layered.BlockStack.Tests.Composition;

public sealed class CompositionTests
{
    [Fact]
    public async Task TheContainerOpensEveryKindOfDeviceFromItsSpec()
    {
        await using var services = new ServiceCollection().AddLayeredBlockStack().BuildServiceProvider();
        var factory = services.GetRequiredService<DeviceFactory>();
        Assert.Same(services.GetRequiredService<BufferRegistry>(), services.GetRequiredService<BufferRegistry>());

        await using var mem = factory.Open("mem:1T");
        Assert.IsType<MemoryDevice>(mem);
        Assert.Equal(1L << 40, mem.SectorCount * mem.SectorSize);

        await using var sim = factory.Open("sim:64M:7");
        Assert.Equal(7UL, Assert.IsType<SimulatedDevice>(sim).Seed);

        using var images = new Files.ImageFiles();
        await using var file = factory.Open(images.Create(1 << 20));
        Assert.True(Assert.IsType<FileDevice>(file).UsesIoUring);
    }

    [Theory]
    [InlineData("mem")]
    [InlineData("mem:")]
    [InlineData("mem:12Q")]
    [InlineData("sim:1G:x")]
    public async Task AMalformedSpecGetsAClearError(string spec)
    {
        await using var services = new ServiceCollection().AddLayeredBlockStack().BuildServiceProvider();
        var factory = services.GetRequiredService<DeviceFactory>();
        Assert.ThrowsAny<FormatException>(() => factory.Open(spec));
    }

    [Theory]
    [InlineData("4k", 4096L)]
    [InlineData("64M", 64L << 20)]
    [InlineData("1T", 1L << 40)]
    [InlineData("512", 512L)]
    public void SizesParseAsPeopleWriteThem(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));
}

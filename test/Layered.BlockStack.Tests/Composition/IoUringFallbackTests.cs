using Layered.BlockStack.Composition;
using Layered.BlockStack.Tests.Native;

namespace Layered.BlockStack.Tests.Composition;

[CollectionDefinition(nameof(DescriptorLimitCollection), DisableParallelization = true)]
public sealed class DescriptorLimitCollection;

/// <summary>
/// Makes the ring impossible to create for this process alone: for a moment the soft descriptor
/// limit sits at the lowest free descriptor, and the runtime then refuses the ring's thread
/// (EAGAIN; io_uring_setup itself would get EMFILE). It runs alone, outside this assembly's
/// parallel tests, and the limit is restored at once. (Turning io_uring off by sysctl would
/// reach the other test processes running beside this one.)
/// </summary>
[Collection(nameof(DescriptorLimitCollection))]
public sealed class IoUringFallbackTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task WhenARingCannotBeMadeFileDevicesFallBackAndSaySoOnce()
    {
        var notices = new List<string>();
        var options = new BlockStackOptions { Notice = notices.Add };
        using var first = new UringHostProvider(options);
        using var second = new UringHostProvider(options);
        Assert.Equal(0, TestInterop.GetRlimit(TestInterop.RLIMIT_NOFILE, out var saved));
        // The descriptor the next open gets: the lowest free one.
        int lowestFree;
        using (var probe = File.OpenHandle("/dev/null")) lowestFree = (int)probe.DangerousGetHandle();
        try
        {
            var tight = saved with { Cur = (ulong)lowestFree };
            Assert.Equal(0, TestInterop.SetRlimit(TestInterop.RLIMIT_NOFILE, in tight));
            Assert.Null(first.Host);
            Assert.Null(second.Host);
        }
        finally
        {
            Assert.Equal(0, TestInterop.SetRlimit(TestInterop.RLIMIT_NOFILE, in saved));
        }
        var notice = Assert.Single(notices);
        output.WriteLine(notice);
        Assert.Matches("EMFILE|EAGAIN", notice);
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

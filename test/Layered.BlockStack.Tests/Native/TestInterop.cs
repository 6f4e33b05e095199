namespace Layered.BlockStack.Tests.Native;

/// <summary>The few syscalls tests make that the product does not.</summary>
internal static partial class TestInterop
{
    private const string Libc = "libc";
}

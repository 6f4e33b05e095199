namespace Layered.Fuse.Tests.Native;

/// <summary>libc calls the mount tests make against the mounted tree; one per file.</summary>
internal static partial class TestInterop
{
    internal const string Libc = "libc";
}

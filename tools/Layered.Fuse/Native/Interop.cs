namespace Layered.Fuse.Native;

/// <summary>libc entry points the FUSE host needs; one syscall per file.</summary>
internal static partial class Interop
{
    internal const string Libc = "libc";
}

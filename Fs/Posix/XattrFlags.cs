namespace Layered.Fs.Posix;

/// <summary>setxattr flags, with the kernel's values.</summary>
[Flags]
public enum XattrFlags
{
    None = 0,
    Create = 1,
    Replace = 2,
}

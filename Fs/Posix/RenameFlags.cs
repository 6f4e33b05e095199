namespace Layered.Fs.Posix;

/// <summary>renameat2 flags, with the kernel's values.</summary>
[Flags]
public enum RenameFlags : uint
{
    None = 0,
    NoReplace = 1,
    Exchange = 2,
}

using System.Runtime.InteropServices;

namespace Layered.BlockStack;

/// <summary>
/// A status, and for failures the first sector the failure concerns. An optional errno
/// keeps the kernel's answer for diagnostics.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct IoResult(IoStatus Status, long Sector, int Errno = 0)
{
    public static IoResult Ok => default;

    public bool IsOk => Status == IoStatus.Ok;

    public static IoResult Fail(IoStatus status, long sector, int errno = 0) => new(status, sector, errno);

    public override string ToString() => IsOk
        ? "Ok"
        : Errno == 0 ? $"{Status} at sector {Sector}" : $"{Status} at sector {Sector} (errno {Errno})";
}

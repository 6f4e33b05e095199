namespace Layered.Fuse.Mounting;

/// <summary>
/// The fuse module's <c>enable_uring</c> parameter: the kernel offers FUSE over io_uring in INIT
/// only while it is on. It is off by default; root may turn it on at run time, and it stays on
/// until reboot or until turned off. It changes nothing for servers that do not ask for io_uring.
/// </summary>
public static class FuseIoUringParameter
{
    public const string Path = "/sys/module/fuse/parameters/enable_uring";

    /// <summary>Whether it is on; null when this kernel has no FUSE over io_uring (6.14+, CONFIG_FUSE_IO_URING).</summary>
    public static bool? Read()
    {
        try
        {
            return File.ReadAllText(Path).Trim() is "Y" or "1";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Turns it on if it is not; returns why not when it cannot (absent, not root).</summary>
    public static bool TryEnable(out string? whyNot)
    {
        switch (Read())
        {
            case null:
                whyNot = $"this kernel has no FUSE over io_uring ({Path} is missing)";
                return false;
            case true:
                whyNot = null;
                return true;
        }
        try
        {
            File.WriteAllText(Path, "Y");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"turning on {Path} failed: {e.Message}";
            return false;
        }
        whyNot = Read() == true ? null : $"{Path} did not stay on";
        return whyNot is null;
    }
}

using System.Globalization;

namespace Layered.Cli.Copy;

/// <summary>
/// The effective uid and gid, which own what a copy creates in our filesystem (as cp without -p
/// does). Read from /proc/self/status, since .NET has no geteuid and the project allows no unsafe code.
/// </summary>
internal static class ProcessIdentity
{
    private static readonly Lazy<(uint Uid, uint Gid)> s_ids = new(Read);

    public static uint Uid => s_ids.Value.Uid;

    public static uint Gid => s_ids.Value.Gid;

    private static (uint, uint) Read()
    {
        uint uid = 0, gid = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            // "Uid:\treal\teffective\tsaved\tfs"
            var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3) continue;
            if (fields[0] == "Uid:") uid = uint.Parse(fields[2], CultureInfo.InvariantCulture);
            else if (fields[0] == "Gid:") gid = uint.Parse(fields[2], CultureInfo.InvariantCulture);
        }
        return (uid, gid);
    }
}

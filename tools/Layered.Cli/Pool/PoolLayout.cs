using System.Globalization;

namespace Layered.Cli.Pool;

/// <summary>
/// Where <c>layered up</c> keeps its default pool: member images, a manifest written once the pool
/// is complete, and a lock file that keeps two processes from serving the same members.
/// </summary>
internal sealed class PoolLayout
{
    public const int MemberCount = 4;
    public const string DefaultFolder = ".layered/pool";
    public const string DefaultMountPoint = ".layered/mnt";

    public PoolLayout(string folder) => Folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    public string Folder { get; }

    /// <summary>Written last when the pool is created: without it, creation never finished and no data was ever served.</summary>
    public string ManifestPath => Path.Combine(Folder, "pool.json");

    public string LockPath => Path.Combine(Folder, "lock");

    public IReadOnlyList<string> MemberPaths =>
        [.. Enumerable.Range(0, MemberCount).Select(i => Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"member{i}.img")))];

    public bool IsComplete => File.Exists(ManifestPath);

    public bool HasLeftovers => MemberPaths.Any(File.Exists);

    /// <summary>
    /// Takes the pool for this process (an exclusive flock, which .NET takes for FileShare.None);
    /// the kernel drops it when the process dies, however it dies.
    /// </summary>
    public FileStream Lock()
    {
        Directory.CreateDirectory(Folder);
        try
        {
            return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"the pool in {Folder} is in use by another layered process ({e.Message})", e);
        }
    }
}

namespace Layered.Cli.Commands.Fs;

/// <summary>
/// One side of a copy: a path inside an unmounted filesystem, written DEVICES:/path (DEVICES
/// comma-separated), or a path on the host. The first ":/" splits the two, so mem:64M:/a and
/// /images/a.img,/images/b.img:/dir both work; a host path that itself contains ":/" must be
/// written another way (through a symlink, say).
/// </summary>
internal sealed record FsLocation(string? Devices, string Path)
{
    public bool IsFileSystem => Devices is not null;

    public static FsLocation Parse(string text)
    {
        if (string.IsNullOrEmpty(text)) throw new FormatException("an empty path was given");
        var split = text.IndexOf(":/", StringComparison.Ordinal);
        if (split < 0) return new FsLocation(null, System.IO.Path.GetFullPath(text));
        if (split == 0) throw new FormatException($"'{text}' names a filesystem path but no devices: write DEVICES:/path");
        return new FsLocation(text[..split], Normalize(text[(split + 1)..]));
    }

    /// <summary>"/a//b/./c/" becomes "/a/b/c"; ".." is refused rather than guessed at, since the filesystem follows no symlinks.</summary>
    private static string Normalize(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        if (parts.Contains("..")) throw new FormatException($"'{path}': '..' is not allowed in a filesystem path");
        if (parts.Any(p => System.Text.Encoding.UTF8.GetByteCount(p) > Layered.Fs.FileSystem.NameMax)) throw new FormatException($"'{path}' has a name longer than {Layered.Fs.FileSystem.NameMax} bytes");
        return "/" + string.Join('/', parts);
    }

    public override string ToString() => Devices is null ? Path : $"{Devices}:{Path}";
}

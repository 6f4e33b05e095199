namespace Layered.Cli.Commands.Fs;

/// <summary>
/// The devices of one filesystem as the command line names them: arguments, each of which may
/// itself be a comma-separated list ("a.img,b.img"), of paths, mem:SIZE or sim:SIZE[:SEED].
/// </summary>
internal static class DeviceList
{
    /// <summary>More volumes than any filesystem can have is a typo, not a request.</summary>
    public const int MaxDevices = Layered.Fs.Format.FsSuperblock.MaxVolumes;

    public static IReadOnlyList<string> Parse(IEnumerable<string> arguments)
    {
        var specs = arguments.SelectMany(a => a.Split(',', StringSplitOptions.TrimEntries)).ToList();
        if (specs.Count == 0) throw new FormatException("no devices were given");
        if (specs.Any(s => s.Length == 0)) throw new FormatException($"'{string.Join(',', arguments)}' has an empty device name");
        if (specs.Count > MaxDevices) throw new FormatException($"{specs.Count} devices is more than the {MaxDevices} volumes a filesystem can have");
        var repeated = specs.GroupBy(s => s.StartsWith("mem:", StringComparison.Ordinal) || s.StartsWith("sim:", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : Path.GetFullPath(s))
            .FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new FormatException($"{repeated.First()} is named more than once");
        return specs;
    }

    public static IReadOnlyList<string> Parse(string commaSeparated) => Parse([commaSeparated]);
}

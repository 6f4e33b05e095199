using System.Diagnostics;

namespace Layered.BlockStack.Files;

/// <summary>
/// A loop device over a sparse image file, attached for a test or a benchmark and detached
/// on dispose. Images live under one folder, named by the owning process, so that devices
/// leaked by a killed process are reaped by the next attach.
/// </summary>
public sealed class LoopDevice : IDisposable
{
    public static readonly string ImageFolder = Path.Combine(Path.GetTempPath(), "layered-loop-images");

    /// <summary>Why loop devices cannot be used here, or null when they can.</summary>
    public static string? Unavailable() =>
        !OperatingSystem.IsLinux() ? "loop devices need Linux"
        : Environment.UserName != "root" ? "loop devices need root"
        : !File.Exists("/dev/loop-control") ? "/dev/loop-control is absent"
        : FindLosetup() is null ? "losetup is not installed"
        : null;

    private LoopDevice(string path, string imagePath)
    {
        DevicePath = path;
        ImagePath = imagePath;
    }

    /// <summary>The block device, for example /dev/loop3.</summary>
    public string DevicePath { get; }

    public string ImagePath { get; }

    public static string? FindLosetup() =>
        new[] { "/usr/sbin/losetup", "/sbin/losetup", "/usr/bin/losetup", "/bin/losetup" }.FirstOrDefault(File.Exists);

    /// <summary>Creates a sparse image and attaches it with direct I/O, so the loop device does not double-cache.</summary>
    public static LoopDevice Attach(long sizeBytes, int sectorSize = 512)
    {
        ReapStale();
        Directory.CreateDirectory(ImageFolder);
        var image = Path.Combine(ImageFolder, $"{Environment.ProcessId}-{Guid.NewGuid():N}.img");
        using (var file = File.Create(image)) file.SetLength(sizeBytes);
        try
        {
            var device = Losetup($"--find --show --direct-io=on --sector-size {sectorSize} {image}").Trim();
            if (!device.StartsWith("/dev/loop", StringComparison.Ordinal))
                throw new InvalidOperationException($"losetup printed '{device}', not a loop device");
            return new LoopDevice(device, image);
        }
        catch
        {
            File.Delete(image);
            throw;
        }
    }

    public void Dispose()
    {
        try { Losetup($"--detach {DevicePath}"); }
        finally { File.Delete(ImagePath); }
    }

    /// <summary>Detaches loop devices whose images belong to processes that no longer run.</summary>
    public static void ReapStale()
    {
        if (!Directory.Exists(ImageFolder)) return;
        var listing = Losetup("--list --noheadings --output NAME,BACK-FILE");
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !parts[1].StartsWith(ImageFolder, StringComparison.Ordinal)) continue;
            var owner = Path.GetFileName(parts[1]).Split('-')[0];
            if (int.TryParse(owner, out var pid) && (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}"))) continue;
            // Another process reaping at the same time may have detached it, and a live one
            // attached a new image there since the listing: detach only what is still the dead one's.
            if (BackingFile(parts[0]) != parts[1]) continue;
            try
            {
                Losetup($"--detach {parts[0]}");
            }
            catch (InvalidOperationException)
            {
                // Another process reaping at the same time got there first.
            }
            var image = parts[1].Replace(" (deleted)", "", StringComparison.Ordinal);
            File.Delete(image);
        }
    }

    /// <summary>The image a loop device is attached to now, as losetup prints it; null when detached.</summary>
    private static string? BackingFile(string devicePath)
    {
        try
        {
            return File.ReadAllText($"/sys/block/{Path.GetFileName(devicePath)}/loop/backing_file").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Losetup(string arguments)
    {
        var losetup = FindLosetup() ?? throw new InvalidOperationException("losetup is not installed");
        using var process = Process.Start(new ProcessStartInfo(losetup, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("cannot start losetup");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException($"losetup {arguments} did not finish in 30 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"losetup {arguments} failed ({process.ExitCode}): {error.Result.Trim()}");
        return output.Result;
    }

    public override string ToString() => $"{DevicePath} over {ImagePath}";
}

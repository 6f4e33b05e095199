using Layered.BlockStack.Uring;
using Layered.Fuse.Native;

namespace Layered.Fuse.Mounting;

/// <summary>
/// The fusectl control files (/sys/fs/fuse/connections/N): the last resort that ends a connection
/// whose mount cannot go away because something still holds a file open on it.
/// </summary>
internal static class FuseConnectionControl
{
    private const string Root = "/sys/fs/fuse/connections";

    /// <summary>Aborts connection <paramref name="id"/>; every request fails and the server's reads end with ENODEV.</summary>
    public static bool TryAbort(int id, out string whyNot)
    {
        var abort = Path.Combine(Root, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "abort");
        if (!File.Exists(abort) && Directory.Exists(Root) && !Directory.EnumerateFileSystemEntries(Root).Any()
            && Interop.Mount("fusectl", Root, "fusectl", 0, "") != 0)
        {
            whyNot = $"mounting fusectl on {Root} failed: {Errno.FromLastPInvokeError()}";
            return false;
        }
        try
        {
            File.WriteAllText(abort, "1");
            whyNot = "";
            return true;
        }
        catch (IOException e)
        {
            whyNot = $"writing {abort} failed: {e.Message}";
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            whyNot = $"writing {abort} failed: {e.Message}";
            return false;
        }
    }
}

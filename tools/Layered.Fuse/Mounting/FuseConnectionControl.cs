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

    /// <summary>
    /// Aborts connection <paramref name="id"/>; every request fails and the server's reads end
    /// with ENODEV. A connection fusectl no longer lists has already ended: nothing to abort.
    /// </summary>
    public static bool TryAbort(int id, out string whyNot)
    {
        var abort = Path.Combine(Root, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "abort");
        // An empty folder may be fusectl not mounted yet (EBUSY: it is mounted, just empty).
        if (!File.Exists(abort) && Directory.Exists(Root) && !Directory.EnumerateFileSystemEntries(Root).Any()
            && Interop.Mount("fusectl", Root, "fusectl", 0, "") != 0 && Errno.FromLastPInvokeError() is var error && error != Errno.EBUSY)
        {
            whyNot = $"mounting fusectl on {Root} failed: {error}";
            return false;
        }
        if (!File.Exists(abort))
        {
            whyNot = $"connection {id} has already ended";
            return true;
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

using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring;

public static class ErrnoExtensions
{
    extension(Errno)
    {
        /// <summary>The errno left by the last <c>SetLastError = true</c> P/Invoke on this thread.</summary>
        public static Errno FromLastPInvokeError() => (Errno)Marshal.GetLastPInvokeError();

        /// <summary>
        /// The errno carried by a kernel-style result (CQE res, syscall return): negative values
        /// are <c>-errno</c>, anything else is <see cref="Errno.Success"/>.
        /// </summary>
        public static Errno FromResult(int result) => result < 0 ? (Errno)(-result) : Errno.Success;
    }

    extension(Errno errno)
    {
        /// <summary>The kernel-style negative result for this errno, as a CQE res would carry it.</summary>
        public int ToResult() => -(int)errno;
    }
}

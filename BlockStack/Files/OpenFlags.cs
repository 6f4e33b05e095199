using System.Runtime.InteropServices;

namespace Layered.BlockStack.Files;

/// <summary>open(2) flags whose values differ by architecture (asm/fcntl.h), for callers outside BlockStack too.</summary>
public static class OpenFlags
{
    /// <summary>O_DIRECT: 0x4000 on x86_64 (where 0x10000 is O_DIRECTORY), 0x10000 on arm and arm64.</summary>
    public static readonly int Direct = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;
}

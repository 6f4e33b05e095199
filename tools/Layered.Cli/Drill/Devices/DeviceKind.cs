namespace Layered.Cli.Drill.Devices;

internal enum DeviceKind
{
    /// <summary>Seeded simulated devices with a volatile write cache: a crash is a real power loss.</summary>
    Mem,

    /// <summary>Sparse image files in the output folder, through the shared io_uring.</summary>
    File,

    /// <summary>Loop devices over sparse images, detached at the end whatever happens.</summary>
    Loop,
}

using System.Runtime.Versioning;

namespace Layered.Fuse.Tests.Mounted;

// Every mounted suite runs over both transports. The suites are abstract and take the transport;
// these are the classes xunit runs, kept together so the matrix is visible in one place.

public sealed class MountLifecycleTestsOverDevice() : MountLifecycleTests(MountedTransport.Device);

[RequiresFuseIoUring]
public sealed class MountLifecycleTestsOverIoUring() : MountLifecycleTests(MountedTransport.IoUring);

[SupportedOSPlatform("linux")]
public sealed class MountedAttributeTestsOverDevice() : MountedAttributeTests(MountedTransport.Device);

[RequiresFuseIoUring]
[SupportedOSPlatform("linux")]
public sealed class MountedAttributeTestsOverIoUring() : MountedAttributeTests(MountedTransport.IoUring);

public sealed class MountedFileTestsOverDevice() : MountedFileTests(MountedTransport.Device);

[RequiresFuseIoUring]
public sealed class MountedFileTestsOverIoUring() : MountedFileTests(MountedTransport.IoUring);

public sealed class MountedLeaseTestsOverDevice() : MountedLeaseTests(MountedTransport.Device);

[RequiresFuseIoUring]
public sealed class MountedLeaseTestsOverIoUring() : MountedLeaseTests(MountedTransport.IoUring);

public sealed class MountedNameTestsOverDevice() : MountedNameTests(MountedTransport.Device);

[RequiresFuseIoUring]
public sealed class MountedNameTestsOverIoUring() : MountedNameTests(MountedTransport.IoUring);

public sealed class MountedRangeTestsOverDevice() : MountedRangeTests(MountedTransport.Device);

[RequiresFuseIoUring]
public sealed class MountedRangeTestsOverIoUring() : MountedRangeTests(MountedTransport.IoUring);

[SupportedOSPlatform("linux")]
public sealed class MountedPrivilegeTestsOverDevice() : MountedPrivilegeTests(MountedTransport.Device);

[RequiresFuseIoUring]
[SupportedOSPlatform("linux")]
public sealed class MountedPrivilegeTestsOverIoUring() : MountedPrivilegeTests(MountedTransport.IoUring);

public sealed class MountedDirectWriteTestsOverDevice() : MountedDirectWriteTests(MountedTransport.Device);

[RequiresFuseIoUring]
public sealed class MountedDirectWriteTestsOverIoUring() : MountedDirectWriteTests(MountedTransport.IoUring);

public sealed class MountedCoherenceTestsOverDevice() : MountedCoherenceTests(MountedTransport.Device);

[RequiresFuseIoUring]
public sealed class MountedCoherenceTestsOverIoUring() : MountedCoherenceTests(MountedTransport.IoUring);

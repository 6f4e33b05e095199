using System.Runtime.CompilerServices;
using Layered.Fuse.Protocol;

namespace Layered.Fuse.Tests.Protocol;

/// <summary>Every message struct has exactly the size the kernel's fuse.h gives it.</summary>
public sealed class MessageLayoutTests
{
    [Fact]
    public void EveryMessageStructHasTheKernelsSize()
    {
        Assert.Equal(40, Unsafe.SizeOf<FuseInHeader>());
        Assert.Equal(16, Unsafe.SizeOf<FuseOutHeader>());
        Assert.Equal(64, Unsafe.SizeOf<FuseInitIn>());
        Assert.Equal(64, Unsafe.SizeOf<FuseInitOut>());
        Assert.Equal(88, Unsafe.SizeOf<FuseAttr>());
        Assert.Equal(FuseUringEntInOut.Size, Unsafe.SizeOf<FuseUringEntInOut>());
        Assert.Equal(FuseNotifyInvalInodeOut.Size, Unsafe.SizeOf<FuseNotifyInvalInodeOut>());
        Assert.Equal(24, Unsafe.SizeOf<FuseUringCmdReq>());
        Assert.Equal(128, Unsafe.SizeOf<FuseEntryOut>());
        Assert.Equal(104, Unsafe.SizeOf<FuseAttrOut>());
        Assert.Equal(16, Unsafe.SizeOf<FuseGetattrIn>());
        Assert.Equal(88, Unsafe.SizeOf<FuseSetattrIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseOpenIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseOpenOut>());
        Assert.Equal(40, Unsafe.SizeOf<FuseReadIn>());
        Assert.Equal(40, Unsafe.SizeOf<FuseWriteIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseWriteOut>());
        Assert.Equal(16, Unsafe.SizeOf<FuseCreateIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseMknodIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseMkdirIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseRenameIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseRename2In>());
        Assert.Equal(8, Unsafe.SizeOf<FuseLinkIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseReleaseIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseFsyncIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseFlushIn>());
        Assert.Equal(32, Unsafe.SizeOf<FuseFallocateIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseLseekIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseLseekOut>());
        Assert.Equal(8, Unsafe.SizeOf<FuseGetxattrIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseGetxattrOut>());
        Assert.Equal(8, Unsafe.SizeOf<FuseSetxattrIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseAccessIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseForgetIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseBatchForgetIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseForgetOne>());
        Assert.Equal(8, Unsafe.SizeOf<FuseInterruptIn>());
        Assert.Equal(80, Unsafe.SizeOf<FuseKstatfs>());
        Assert.Equal(80, Unsafe.SizeOf<FuseStatfsOut>());
        Assert.Equal(FuseDirent.HeaderSize, Unsafe.SizeOf<FuseDirent>());
        Assert.Equal(FuseDirentPlus.HeaderSize, Unsafe.SizeOf<FuseDirentPlus>());
        Assert.Equal(56, Unsafe.SizeOf<FuseCopyFileRangeIn>());
    }

    [Fact]
    public void DirentRecordsArePaddedToEightBytes()
    {
        Assert.Equal(32, FuseDirent.RecordSize(1));
        Assert.Equal(32, FuseDirent.RecordSize(8));
        Assert.Equal(40, FuseDirent.RecordSize(9));
        Assert.Equal(160, FuseDirentPlus.RecordSize(1));
    }
}

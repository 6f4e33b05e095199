using Layered.Fuse.Protocol;

namespace Layered.Fuse.Handlers;

/// <summary>The handler of each opcode we serve; every other opcode is answered ENOSYS, which the kernel remembers and stops sending.</summary>
internal static class FuseHandlerTable
{
    public static IFuseHandler?[] Create()
    {
        var table = new IFuseHandler?[(int)FuseOpcode.FUSE_COPY_FILE_RANGE_64 + 1];
        void Set(FuseOpcode opcode, IFuseHandler handler) => table[(int)opcode] = handler;
        Set(FuseOpcode.FUSE_INIT, new InitHandler());
        Set(FuseOpcode.FUSE_DESTROY, new DestroyHandler());
        Set(FuseOpcode.FUSE_LOOKUP, new LookupHandler());
        Set(FuseOpcode.FUSE_FORGET, new ForgetHandler());
        Set(FuseOpcode.FUSE_BATCH_FORGET, new BatchForgetHandler());
        Set(FuseOpcode.FUSE_GETATTR, new GetattrHandler());
        Set(FuseOpcode.FUSE_SETATTR, new SetattrHandler());
        Set(FuseOpcode.FUSE_ACCESS, new AccessHandler());
        Set(FuseOpcode.FUSE_STATFS, new StatfsHandler());
        Set(FuseOpcode.FUSE_MKNOD, new MknodHandler());
        Set(FuseOpcode.FUSE_MKDIR, new MkdirHandler());
        Set(FuseOpcode.FUSE_CREATE, new CreateHandler());
        Set(FuseOpcode.FUSE_SYMLINK, new SymlinkHandler());
        Set(FuseOpcode.FUSE_READLINK, new ReadlinkHandler());
        Set(FuseOpcode.FUSE_LINK, new LinkHandler());
        Set(FuseOpcode.FUSE_UNLINK, new UnlinkHandler());
        Set(FuseOpcode.FUSE_RMDIR, new RmdirHandler());
        Set(FuseOpcode.FUSE_RENAME, new RenameHandler());
        Set(FuseOpcode.FUSE_RENAME2, new Rename2Handler());
        Set(FuseOpcode.FUSE_OPEN, new OpenHandler());
        Set(FuseOpcode.FUSE_READ, new ReadHandler());
        Set(FuseOpcode.FUSE_WRITE, new WriteHandler());
        Set(FuseOpcode.FUSE_FLUSH, new FlushHandler());
        Set(FuseOpcode.FUSE_RELEASE, new ReleaseHandler());
        Set(FuseOpcode.FUSE_FSYNC, new FsyncHandler());
        Set(FuseOpcode.FUSE_FALLOCATE, new FallocateHandler());
        Set(FuseOpcode.FUSE_LSEEK, new LseekHandler());
        Set(FuseOpcode.FUSE_COPY_FILE_RANGE, new CopyFileRangeHandler());
        Set(FuseOpcode.FUSE_OPENDIR, new OpendirHandler());
        Set(FuseOpcode.FUSE_READDIR, new ReaddirHandler(plus: false));
        Set(FuseOpcode.FUSE_READDIRPLUS, new ReaddirHandler(plus: true));
        Set(FuseOpcode.FUSE_RELEASEDIR, new ReleasedirHandler());
        Set(FuseOpcode.FUSE_FSYNCDIR, new FsyncHandler());
        Set(FuseOpcode.FUSE_GETXATTR, new GetxattrHandler());
        Set(FuseOpcode.FUSE_SETXATTR, new SetxattrHandler());
        Set(FuseOpcode.FUSE_LISTXATTR, new ListxattrHandler());
        Set(FuseOpcode.FUSE_REMOVEXATTR, new RemovexattrHandler());
        Set(FuseOpcode.FUSE_INTERRUPT, new InterruptHandler());
        return table;
    }
}

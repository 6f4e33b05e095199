using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;
using static Layered.Fuse.Tests.FakeKernel.FakeKernel;

namespace Layered.Fuse.Tests.FakeKernel;

/// <summary>Lookup counts: every entry reply adds one, forgets take them away, and forgets are never answered.</summary>
public sealed class NodeCountingTests
{
    [Fact(Timeout = 60000)]
    public async Task EveryEntryReplyCountsAndForgetsCountDown()
    {
        await using var kernel = await StartAsync(threads: 1);
        var created = kernel.Call(FuseOpcode.FUSE_MKDIR, FileSystem.RootIno, [.. Bytes(new FuseMkdirIn { Mode = 0x1ED }), .. Name("d")]);
        Assert.Equal(Errno.Success, created.Error);
        var ino = created.As<FuseEntryOut>().NodeId;
        Assert.Equal(1, kernel.Session.Nodes.LookupCount(ino));

        for (var i = 0; i < 3; i++) Assert.Equal(ino, kernel.Call(FuseOpcode.FUSE_LOOKUP, FileSystem.RootIno, Name("d")).As<FuseEntryOut>().NodeId);
        Assert.Equal(4, kernel.Session.Nodes.LookupCount(ino));

        var forget = kernel.Send(FuseOpcode.FUSE_FORGET, ino, Bytes(new FuseForgetIn { Nlookup = 1 }));
        var batch = kernel.Send(FuseOpcode.FUSE_BATCH_FORGET, 0, [.. Bytes(new FuseBatchForgetIn { Count = 1 }), .. Bytes(new FuseForgetOne { NodeId = ino, Nlookup = 3 })]);
        // One worker serves in order: once this reply is here, both forgets have been served.
        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_GETATTR, FileSystem.RootIno, new byte[16]).Error);
        Assert.Equal(0, kernel.Session.Nodes.LookupCount(ino));
        Assert.Null(kernel.TryReplyTo(forget, TimeSpan.FromMilliseconds(100)));
        Assert.Null(kernel.TryReplyTo(batch, TimeSpan.FromMilliseconds(100)));
    }

    [Fact(Timeout = 60000)]
    public async Task AMissingNameIsAnEnoentReplyAndCountsNothing()
    {
        await using var kernel = await StartAsync();
        Assert.Equal(Errno.ENOENT, kernel.Call(FuseOpcode.FUSE_LOOKUP, FileSystem.RootIno, Name("nothing")).Error);
        Assert.Equal(0, kernel.Session.Nodes.Count);
    }

    [Fact(Timeout = 60000)]
    public async Task WithANegativeTimeoutAMissingNameIsACacheableNodeZeroEntryAndCountsNothing()
    {
        await using var kernel = await StartAsync(options: new FuseSessionOptions { NegativeTimeout = TimeSpan.FromSeconds(2.5) });
        var reply = kernel.Call(FuseOpcode.FUSE_LOOKUP, FileSystem.RootIno, Name("nothing"));
        Assert.Equal(Errno.Success, reply.Error);
        var entry = reply.As<FuseEntryOut>();
        Assert.Equal(0UL, entry.NodeId);
        Assert.Equal((2UL, 500_000_000U), (entry.EntryValid, entry.EntryValidNsec));
        Assert.Equal(0, kernel.Session.Nodes.Count);
    }

    [Fact(Timeout = 60000)]
    public async Task ReaddirplusCountsItsEntriesButNotDotAndDotDot()
    {
        await using var kernel = await StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
            Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_MKNOD, FileSystem.RootIno, [.. Bytes(new FuseMknodIn { Mode = 0x81A4 }), .. Name(name)]).Error);
        var fh = kernel.Call(FuseOpcode.FUSE_OPENDIR, FileSystem.RootIno, new byte[8]).As<FuseOpenOut>().Fh;
        var listing = kernel.Call(FuseOpcode.FUSE_READDIRPLUS, FileSystem.RootIno, Bytes(new FuseReadIn { Fh = fh, Size = 4096 }));
        Assert.Equal(Errno.Success, listing.Error);
        Assert.Equal(5 * FuseDirentPlus.RecordSize(1), listing.Payload.Length);
        foreach (var name in new[] { "a", "b", "c" })
        {
            var ino = (await kernel.Fs.LookupAsync(FileSystem.RootIno, name))!.Value.Ino;
            Assert.Equal(2, kernel.Session.Nodes.LookupCount(ino));
        }
        Assert.Equal(0, kernel.Session.Nodes.LookupCount(FileSystem.RootIno));
        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_RELEASEDIR, FileSystem.RootIno, Bytes(new FuseReleaseIn { Fh = fh })).Error);
    }
}

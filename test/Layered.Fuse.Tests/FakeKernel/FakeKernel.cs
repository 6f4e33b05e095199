using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Tests.FakeKernel;

/// <summary>
/// Plays the kernel's side of a FUSE connection against a real session over a fresh filesystem:
/// builds raw requests, sends them, and matches replies to requests by unique id.
/// </summary>
internal sealed class FakeKernel : IAsyncDisposable
{
    private static readonly TimeSpan s_replyTimeout = TimeSpan.FromSeconds(10);
    private readonly Dictionary<ulong, FakeReply> _early = [];
    private ulong _nextUnique = 100;

    private FakeKernel(FileSystem fs, FuseSession session, FakeKernelChannel channel)
    {
        Fs = fs;
        Session = session;
        Channel = channel;
    }

    public FileSystem Fs { get; }
    public FuseSession Session { get; }
    public FakeKernelChannel Channel { get; }

    public static async Task<FakeKernel> StartAsync(int threads = 2, bool init = true, FuseSessionOptions? options = null)
    {
        var (fs, _) = await TestFs.CreateAsync(64L << 20);
        var channel = new FakeKernelChannel();
        var session = new FuseSession(fs, channel, (options ?? new FuseSessionOptions()) with { Threads = threads });
        session.Start();
        var kernel = new FakeKernel(fs, session, channel);
        if (init)
        {
            var reply = kernel.Call(FuseOpcode.FUSE_INIT, 0, Bytes(new FuseInitIn { Major = 7, Minor = 45, MaxReadahead = 1 << 17, Flags = (FuseInitFlags)0xFFFF_FFFF }));
            Assert.Equal(Errno.Success, reply.Error);
        }
        return kernel;
    }

    public ulong Send(FuseOpcode opcode, ulong nodeId, byte[] body, uint uid = 0, uint gid = 0)
    {
        var unique = Interlocked.Increment(ref _nextUnique);
        Channel.Send(Message(opcode, unique, nodeId, body, uid, gid));
        return unique;
    }

    public FakeReply Call(FuseOpcode opcode, ulong nodeId, byte[] body) => ReplyTo(Send(opcode, nodeId, body));

    /// <summary>The reply to <paramref name="unique"/>; replies to other requests that arrive first are kept for later.</summary>
    public FakeReply ReplyTo(ulong unique) => TryReplyTo(unique, s_replyTimeout) ?? throw new TimeoutException($"no reply to request {unique} within {s_replyTimeout}");

    public FakeReply? TryReplyTo(ulong unique, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_early.Remove(unique, out var kept)) return kept;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !Channel.Replies.TryTake(out var raw, left)) return null;
            var header = MemoryMarshal.Read<FuseOutHeader>(raw);
            Assert.Equal((uint)raw.Length, header.Len);
            _early[header.Unique] = new FakeReply(header, raw[FuseOutHeader.Size..]);
        }
    }

    public static byte[] Message(FuseOpcode opcode, ulong unique, ulong nodeId, byte[] body, uint uid = 0, uint gid = 0)
    {
        var header = new FuseInHeader
        {
            Len = (uint)(FuseInHeader.Size + body.Length),
            Opcode = opcode,
            Unique = unique,
            NodeId = nodeId,
            Uid = uid,
            Gid = gid,
            Pid = 1,
        };
        return [.. Bytes(header), .. body];
    }

    public static byte[] Bytes<T>(T value) where T : unmanaged
    {
        var bytes = new byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value);
        return bytes;
    }

    public static byte[] Name(string name) => [.. Encoding.UTF8.GetBytes(name), 0];

    public async ValueTask DisposeAsync()
    {
        Channel.Close();
        Assert.True(await Session.StopAsync(TimeSpan.FromSeconds(10)), "the session's workers did not stop after the channel closed");
        await Fs.DisposeAsync();
    }
}

namespace Layered.Fuse.Protocol;

/// <summary>
/// The layout of struct fuse_uring_req_header, an entry's header buffer (iov[0] of a REGISTER):
/// fuse_in_header on fetch / fuse_out_header on commit, then the request's first argument (its
/// fixed per-opcode struct), then <see cref="FuseUringEntInOut"/>.
/// </summary>
public static class FuseUringReqHeader
{
    public const int InOutOffset = 0;
    public const int InOutSize = 128;
    public const int OpInOffset = 128;
    public const int OpInSize = 128;
    public const int EntInOutOffset = 256;
    public const int Size = 256 + 32;
}

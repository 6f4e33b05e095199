using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Layered.BlockStack.Uring.Native;

namespace Layered.BlockStack.Tests.Uring;

public class InteropLayoutTests
{
    [Fact]
    public void StructSizesMatchTheUapiHeader()
    {
        Assert.Equal(64, Unsafe.SizeOf<io_uring_sqe>());
        Assert.Equal(16, Unsafe.SizeOf<io_uring_cqe>());
        Assert.Equal(40, Unsafe.SizeOf<io_sqring_offsets>());
        Assert.Equal(40, Unsafe.SizeOf<io_cqring_offsets>());
        Assert.Equal(120, Unsafe.SizeOf<io_uring_params>());
        Assert.Equal(32, Unsafe.SizeOf<io_uring_rsrc_register>());
        Assert.Equal(16, Unsafe.SizeOf<io_uring_rsrc_update>());
        Assert.Equal(32, Unsafe.SizeOf<io_uring_rsrc_update2>());
        Assert.Equal(24, Unsafe.SizeOf<io_uring_getevents_arg>());
        Assert.Equal(16, Unsafe.SizeOf<__kernel_timespec>());
        Assert.Equal(16, Unsafe.SizeOf<iovec>());
        Assert.Equal(64, Unsafe.SizeOf<io_uring_sqe_tail>());
    }

    [Theory]
    [InlineData(nameof(io_uring_sqe.fd), 4)]
    [InlineData(nameof(io_uring_sqe.off), 8)]
    [InlineData(nameof(io_uring_sqe.addr), 16)]
    [InlineData(nameof(io_uring_sqe.len), 24)]
    [InlineData(nameof(io_uring_sqe.op_flags), 28)]
    [InlineData(nameof(io_uring_sqe.user_data), 32)]
    [InlineData(nameof(io_uring_sqe.buf_index), 40)]
    public void SqeFieldsSitWhereTheKernelReadsThem(string field, int offset)
        => Assert.Equal(offset, (int)Marshal.OffsetOf<io_uring_sqe>(field));

    [Fact]
    public void ParamsEmbedTheRingOffsetsAfterTheReservedWords()
    {
        Assert.Equal(40, (int)Marshal.OffsetOf<io_uring_params>(nameof(io_uring_params.sq_off)));
        Assert.Equal(80, (int)Marshal.OffsetOf<io_uring_params>(nameof(io_uring_params.cq_off)));
    }
}

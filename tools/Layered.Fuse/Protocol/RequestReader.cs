using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Layered.Fuse.Protocol;

/// <summary>
/// Reads a request body front to back with a bounds check on every step, so a truncated or
/// malformed request ends in a <see cref="FuseProtocolException"/> (EINVAL), never in a read
/// past the message.
/// </summary>
public ref struct RequestReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _offsetBytes;

    public readonly int RemainingBytes => _body.Length - _offsetBytes;

    /// <summary>A fixed-size message struct.</summary>
    public T Read<T>() where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (RemainingBytes < size) Truncated(typeof(T).Name, size, RemainingBytes);
        var value = MemoryMarshal.Read<T>(_body.Slice(_offsetBytes, size));
        _offsetBytes += size;
        return value;
    }

    /// <summary>A struct the kernel may send shorter than its full size (older minors); the missing tail reads as zeros.</summary>
    public T ReadAtLeast<T>(int minSize) where T : unmanaged
    {
        if (RemainingBytes < minSize) Truncated(typeof(T).Name, minSize, RemainingBytes);
        var size = Math.Min(Unsafe.SizeOf<T>(), RemainingBytes);
        Span<byte> full = stackalloc byte[Unsafe.SizeOf<T>()];
        full.Clear();
        _body.Slice(_offsetBytes, size).CopyTo(full);
        _offsetBytes += size;
        return MemoryMarshal.Read<T>(full);
    }

    /// <summary>A NUL-terminated name. Names are bytes to the kernel; invalid UTF-8 is replaced, which the filesystem then cannot match.</summary>
    public string ReadName()
    {
        var rest = _body[_offsetBytes..];
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw new FuseProtocolException($"a name of {rest.Length} bytes has no terminating NUL");
        if (end == 0) throw new FuseProtocolException("an empty name");
        _offsetBytes += end + 1;
        return Encoding.UTF8.GetString(rest[..end]);
    }

    /// <summary>Exactly <paramref name="length"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int length)
    {
        if (length < 0 || RemainingBytes < length) Truncated("data", length, RemainingBytes);
        var bytes = _body.Slice(_offsetBytes, length);
        _offsetBytes += length;
        return bytes;
    }

    /// <summary>Where the next read starts, for handlers that keep a slice of the body past the parse (write data).</summary>
    public readonly int OffsetBytes => _offsetBytes;

    [DoesNotReturn]
    private static void Truncated(string what, int needBytes, int haveBytes) =>
        throw new FuseProtocolException($"{what} needs {needBytes} bytes but the request has {haveBytes} left");
}

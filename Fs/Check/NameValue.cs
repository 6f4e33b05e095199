using System.Buffers.Binary;
using System.Text;
using Layered.Fs.Format;

namespace Layered.Fs.Check;

/// <summary>
/// A name item's value (docs/format.md, "Name items"): a length byte, the name, then the payload.
/// Decoded without throwing, since fsck must report a bad one, not stop at it.
/// </summary>
internal readonly record struct NameValue(byte[] Name, byte[] Payload)
{
    public string Text => Encoding.UTF8.GetString(Name);

    public static NameValue? TryDecode(byte[] value)
    {
        if (value.Length < 1 || value[0] == 0 || 1 + value[0] > value.Length) return null;
        return new NameValue(value.AsSpan(1, value[0]).ToArray(), value.AsSpan(1 + value[0]).ToArray());
    }

    /// <summary>Whether the slot is one of the 1024 its name's hash owns.</summary>
    public bool FitsSlot(ulong slot) => (NameKey.BaseSlot(Name) ^ slot) <= NameKey.SequenceMask;

    /// <summary>The same value with the directory target's kind replaced.</summary>
    public byte[] WithKind(uint kind)
    {
        var value = new byte[1 + Name.Length + Payload.Length];
        value[0] = (byte)Name.Length;
        Name.CopyTo(value, 1);
        Payload.CopyTo(value, 1 + Name.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(1 + Name.Length + 8), kind);
        return value;
    }
}

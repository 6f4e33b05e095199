using System.Text;

namespace Layered.Fs.Directories;

/// <summary>One name and its payload, at a slot of its owner.</summary>
public sealed record NameItem(ulong Slot, byte[] Name, byte[] Payload)
{
    public string Text => Encoding.UTF8.GetString(Name);
}

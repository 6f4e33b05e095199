namespace Layered.BlockStack;

[Flags]
public enum WriteFlags
{
    None = 0,

    /// <summary>Force unit access: the write is durable when it completes, as if followed by a flush.</summary>
    Fua = 1 << 0,
}

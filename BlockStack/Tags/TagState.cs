namespace Layered.BlockStack.Tags;

public enum TagState
{
    /// <summary>I/O may be issued.</summary>
    Live,

    /// <summary>Invalidated or fenced: new I/O gets <see cref="IoStatus.TagRevoked"/>; in-flight I/O drains.</summary>
    Revoked,

    /// <summary>Released by its owner. Using it is an argument error.</summary>
    Unmapped,
}

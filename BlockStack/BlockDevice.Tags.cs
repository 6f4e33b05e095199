using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;

namespace Layered.BlockStack;

public abstract partial class BlockDevice
{
    /// <summary>What a device keeps for a pre-mapped buffer: a slot and private state.</summary>
    protected readonly record struct Mapping(int Slot, object? Payload);

    public DeviceTag? TryMap(RegisteredBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.IsDisposed) ThrowHelper.ThrowObjectDisposed(buffer);
        EnterDevice();
        try
        {
            if (TryMapCore(buffer) is not { } mapping) return null;
            var tag = new DeviceTag(this, buffer, Interlocked.Increment(ref s_generation), mapping.Slot, mapping.Payload);
            buffer.AddMapping();
            _tags[tag.Generation] = tag;
            return tag;
        }
        finally
        {
            _gate.Exit();
        }
    }

    public async ValueTask UnmapAsync(DeviceTag tag)
    {
        CheckOwnTag(tag);
        await UnmapCoreAsync(tag).ConfigureAwait(false);
    }

    public async ValueTask InvalidateAsync(DeviceTag tag)
    {
        CheckOwnTag(tag);
        await tag.RevokeAndDrainAsync().ConfigureAwait(false);
        await OnRevokedAsync(tag).ConfigureAwait(false);
    }

    /// <summary>Pre-maps a buffer, or returns null when this device cannot. The default pre-maps by address.</summary>
    protected virtual Mapping? TryMapCore(RegisteredBuffer buffer) => new Mapping(-1, null);

    /// <summary>Releases what <see cref="TryMapCore"/> took. The tag is revoked and drained.</summary>
    protected virtual ValueTask ReleaseMappingAsync(DeviceTag tag) => ValueTask.CompletedTask;

    /// <summary>Called once a tag is revoked and drained; stacked devices revoke their member tags here.</summary>
    protected virtual ValueTask OnRevokedAsync(DeviceTag tag) => ValueTask.CompletedTask;

    private async ValueTask UnmapCoreAsync(DeviceTag tag)
    {
        if (!tag.TryBeginUnmap()) return;
        await tag.RevokeAndDrainAsync().ConfigureAwait(false);
        await ReleaseMappingAsync(tag).ConfigureAwait(false);
        tag.Buffer.RemoveMapping();
        _tags.TryRemove(tag.Generation, out _);
        tag.MarkUnmapped();
    }

    private void CheckOwnTag(DeviceTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!ReferenceEquals(tag.Device, this))
            ThrowHelper.ThrowArgument(nameof(tag), $"{Name}: {tag} belongs to another device");
    }
}

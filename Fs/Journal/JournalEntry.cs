using Layered.Fs.Format;

namespace Layered.Fs.Journal;

/// <summary>
/// One metadata block of a transaction: its full image, exactly one filesystem block, already
/// sealed by its owner, and the address it belongs at.
/// </summary>
public readonly record struct JournalEntry(BlockAddress Home, ReadOnlyMemory<byte> Image);

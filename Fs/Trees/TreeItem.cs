namespace Layered.Fs.Trees;

/// <summary>One key and a copy of its value, as lookups and scans return them.</summary>
public readonly record struct TreeItem(TreeKey Key, byte[] Value);

namespace Layered.Fs.Trees;

/// <summary>
/// A 128-bit tree key, ordered by <see cref="Hi"/> then <see cref="Lo"/>. What the halves mean is
/// up to each tree (inode number and offset, directory and name hash); the tree only orders them.
/// </summary>
public readonly record struct TreeKey(ulong Hi, ulong Lo) : IComparable<TreeKey>
{
    public static TreeKey MinValue => default;
    public static TreeKey MaxValue => new(ulong.MaxValue, ulong.MaxValue);

    public int CompareTo(TreeKey other) => Hi != other.Hi ? Hi.CompareTo(other.Hi) : Lo.CompareTo(other.Lo);

    public static bool operator <(TreeKey left, TreeKey right) => left.CompareTo(right) < 0;
    public static bool operator >(TreeKey left, TreeKey right) => left.CompareTo(right) > 0;
    public static bool operator <=(TreeKey left, TreeKey right) => left.CompareTo(right) <= 0;
    public static bool operator >=(TreeKey left, TreeKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Hi:x}:{Lo:x}";
}

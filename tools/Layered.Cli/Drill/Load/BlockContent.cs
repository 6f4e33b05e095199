namespace Layered.Cli.Drill.Load;

/// <summary>A block as read back: its state and, when its header was readable, the sector and generation it claims.</summary>
internal readonly record struct BlockContent(BlockState State, long Sector, long Generation)
{
    public static BlockContent Zero => new(BlockState.Zero, -1, 0);

    public override string ToString() => State switch
    {
        BlockState.Zero => "zeros",
        BlockState.Written => $"sector {Sector} generation {Generation}",
        BlockState.Corrupt when Sector >= 0 => $"a corrupt block claiming sector {Sector} generation {Generation}",
        BlockState.Corrupt => "garbage",
        _ => $"a block of another run (sector {Sector} generation {Generation})",
    };
}

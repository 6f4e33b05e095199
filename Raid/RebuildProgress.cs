namespace Layered.Raid;

public sealed record RebuildProgress(int Slot, string Device, long RowsDone, long Rows, double BytesPerSecond)
{
    public double Fraction => Rows == 0 ? 1 : (double)RowsDone / Rows;
}

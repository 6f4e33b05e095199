using System.Collections.Immutable;
using Layered.Raid.Metadata;

namespace Layered.Raid.Tests.Metadata;

/// <summary>Valid superblocks with every field drawn from a seeded generator.</summary>
internal static class RandomSuperblocks
{
    private static readonly string[] s_nameParts = ["data", "ärger", "日本", "x", "🙂", "pool-", "raid", ""];

    public static MemberSuperblock Next(Random random)
    {
        var level = (RaidLevel)random.Next(6);
        var min = RaidRules.MinMembers(level);
        var members = random.Next(min, RaidRules.MaxMembers + 1);
        if (level == RaidLevel.Raid10 && members % 2 != 0) members--;
        var chunkBytes = MemberSuperblock.MinChunkBytes << random.Next(13);
        var memberDataBytes = chunkBytes * random.NextInt64(1, 1L << 20);
        var arrayBytes = RaidRules.DataMembers(level, members) * memberDataBytes;
        var regionBytes = WriteIntentBitmap.MinRegionBytes << random.Next(30);
        while (WriteIntentBitmap.CheckGeometry(arrayBytes, regionBytes) is not null) regionBytes *= 2;
        var regions = WriteIntentBitmap.RegionCountFor(arrayBytes, regionBytes);
        var bitmapOffsetBytes = 4096L * random.Next(1, 8);
        var bitmapEndBytes = bitmapOffsetBytes + WriteIntentBitmap.AreaBytesFor(regions);
        var journalBytes = random.Next(2) == 0 ? 0 : 4096L * random.Next(1, 1024);
        var journalOffsetBytes = journalBytes == 0 ? 0 : bitmapEndBytes + 4096L * random.Next(4);
        var dataOffsetBytes = (Math.Max(bitmapEndBytes, journalOffsetBytes + journalBytes) / (1 << 20) + 1 + random.Next(4)) << 20;

        var states = new MemberState[members];
        var ids = new Guid[members];
        for (var slot = 0; slot < members; slot++)
        {
            states[slot] = (MemberState)random.Next(4);
            ids[slot] = states[slot] == MemberState.Removed ? Guid.Empty : NextGuid(random);
        }
        var role = random.Next(-1, members);
        if (role >= 0 && states[role] == MemberState.Removed) states[role] = MemberState.Active;
        if (role >= 0 && ids[role] == Guid.Empty) ids[role] = NextGuid(random);
        var rebuildOffsets = new long[members];
        var replacementIds = new Guid[members];
        var replacementOffsets = new long[members];
        for (var slot = 0; slot < members; slot++)
        {
            if (states[slot] == MemberState.Rebuilding) rebuildOffsets[slot] = random.NextInt64(0, memberDataBytes + 1);
            if (states[slot] == MemberState.Removed || random.Next(4) != 0) continue;
            replacementIds[slot] = NextGuid(random);
            replacementOffsets[slot] = random.NextInt64(0, memberDataBytes + 1);
        }
        var created = NextTime(random);

        return new MemberSuperblock
        {
            ArrayId = NextGuid(random),
            Name = NextName(random),
            Level = level,
            ChunkBytes = chunkBytes,
            DeviceId = role >= 0 ? ids[role] : NextGuid(random),
            Role = role,
            DataOffsetBytes = dataOffsetBytes,
            MemberDataBytes = memberDataBytes,
            Events = (ulong)random.NextInt64(1, long.MaxValue) * (ulong)random.Next(1, 3),
            SlotStates = [.. states],
            SlotDeviceIds = [.. ids],
            Clean = random.Next(2) == 0,
            SlotRebuildOffsetBytes = [.. rebuildOffsets],
            SlotReplacementIds = [.. replacementIds],
            SlotReplacementOffsetBytes = [.. replacementOffsets],
            BitmapOffsetBytes = bitmapOffsetBytes,
            BitmapRegionBytes = regionBytes,
            BitmapRegionCount = regions,
            JournalOffsetBytes = journalOffsetBytes,
            JournalLengthBytes = journalBytes,
            CreatedAt = created,
            UpdatedAt = created.AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 3650)),
        };
    }

    public static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static DateTimeOffset NextTime(Random random) =>
        new(DateTime.UnixEpoch.Ticks + random.NextInt64(0, TimeSpan.TicksPerDay * 365 * 200), TimeSpan.Zero);

    private static string NextName(Random random)
    {
        var name = "";
        for (var i = random.Next(6); i > 0; i--)
        {
            var next = name + s_nameParts[random.Next(s_nameParts.Length)];
            if (System.Text.Encoding.UTF8.GetByteCount(next) <= MemberSuperblock.MaxNameBytes) name = next;
        }
        return name;
    }
}

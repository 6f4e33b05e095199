using System.Collections.Immutable;
using Layered.BlockStack;

namespace Layered.Raid.Metadata;

/// <summary>
/// Where things go on a new array's members: superblock at 0, the write-intent bitmap right
/// after it, then the journal, then data on the next 1 MiB boundary. See docs/format.md,
/// "RAID member metadata / Member layout".
/// </summary>
public static class ArrayLayout
{
    /// <summary>
    /// One superblock per member, in slot order (member i fills slot i): all slots Active,
    /// events 1, clean. Usable bytes per member are the smallest member's bytes past the data
    /// offset, rounded down to the chunk.
    /// </summary>
    /// <param name="regionBytes">Bitmap region size; by default 64 MiB, doubled until the array needs at most <see cref="WriteIntentBitmap.MaxRegions"/> regions.</param>
    /// <param name="journalBytes">Size of the RAID5/6 write-hole journal area on each member; a multiple of 4096, 0 for none.</param>
    /// <exception cref="ArgumentException">Bad level, chunk, name, journal or region size; too few, too many, duplicate or too small members.</exception>
    public static MemberSuperblock[] NewArray(RaidLevel level, int chunkBytes, IReadOnlyList<IBlockDevice> members, string name, long? regionBytes = null, long journalBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(name);
        if (RaidRules.CheckMemberCount(level, members.Count) is { } countError) throw new ArgumentException(countError, nameof(members));
        CheckMembersDistinct(members);
        if (chunkBytes < MemberSuperblock.MinChunkBytes || chunkBytes > MemberSuperblock.MaxChunkBytes || (chunkBytes & (chunkBytes - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(chunkBytes), chunkBytes,
                $"the chunk must be a power of two in {MemberSuperblock.MinChunkBytes}..{MemberSuperblock.MaxChunkBytes} bytes");
        if (journalBytes < 0 || journalBytes > MemberSuperblock.MaxJournalBytes || journalBytes % MemberSuperblock.AreaAlignmentBytes != 0)
            throw new ArgumentOutOfRangeException(nameof(journalBytes), journalBytes,
                $"the journal must be a multiple of {MemberSuperblock.AreaAlignmentBytes} bytes up to {MemberSuperblock.MaxJournalBytes}");

        var smallest = members.MinBy(m => m.SectorCount * m.SectorSize)!;
        var smallestBytes = smallest.SectorCount * smallest.SectorSize;
        var dataMembers = RaidRules.DataMembers(level, members.Count);

        // The bitmap's size depends on the array size, which depends on the data offset, which
        // depends on the bitmap's size. Reserving room for the upper bound (every byte of the
        // smallest member as data) breaks the circle; the real region count is never larger.
        var upperArrayBytes = dataMembers * Math.Min(smallestBytes, MemberSuperblock.MaxMemberDataBytes);
        var region = ChooseRegionBytes(upperArrayBytes, regionBytes);
        var bitmapOffsetBytes = (long)MemberSuperblock.BlockBytes;
        var bitmapEndBytes = bitmapOffsetBytes + WriteIntentBitmap.AreaBytesFor(WriteIntentBitmap.RegionCountFor(upperArrayBytes, region));
        var journalOffsetBytes = journalBytes == 0 ? 0 : bitmapEndBytes;
        var metadataEndBytes = bitmapEndBytes + journalBytes;
        var dataOffsetBytes = (metadataEndBytes + MemberSuperblock.DataAlignmentBytes - 1) / MemberSuperblock.DataAlignmentBytes * MemberSuperblock.DataAlignmentBytes;

        var memberDataBytes = Math.Min(smallestBytes - dataOffsetBytes, MemberSuperblock.MaxMemberDataBytes) / chunkBytes * chunkBytes;
        if (memberDataBytes < chunkBytes)
            throw new ArgumentException(
                $"{smallest.Name} is {smallestBytes} bytes; a member needs at least {dataOffsetBytes + chunkBytes} "
                + $"(data offset {dataOffsetBytes} plus one {chunkBytes}-byte chunk)", nameof(members));
        var arrayDataBytes = dataMembers * memberDataBytes;

        var now = DateTimeOffset.UtcNow;
        var template = new MemberSuperblock
        {
            ArrayId = Guid.NewGuid(),
            Name = name,
            Level = level,
            ChunkBytes = chunkBytes,
            DeviceId = members[0].Id,
            Role = 0,
            DataOffsetBytes = dataOffsetBytes,
            MemberDataBytes = memberDataBytes,
            Events = 1,
            SlotStates = ImmutableArray.CreateRange(Enumerable.Repeat(MemberState.Active, members.Count)),
            SlotDeviceIds = ImmutableArray.CreateRange(members.Select(m => m.Id)),
            SlotRebuildOffsetBytes = ImmutableArray.CreateRange(new long[members.Count]),
            SlotReplacementIds = ImmutableArray.CreateRange(new Guid[members.Count]),
            SlotReplacementOffsetBytes = ImmutableArray.CreateRange(new long[members.Count]),
            Clean = true,
            BitmapOffsetBytes = bitmapOffsetBytes,
            BitmapRegionBytes = region,
            BitmapRegionCount = WriteIntentBitmap.RegionCountFor(arrayDataBytes, region),
            JournalOffsetBytes = journalOffsetBytes,
            JournalLengthBytes = journalBytes,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (template.Validate() is { } error) throw new ArgumentException(error, nameof(name));
        return [.. members.Select((m, slot) => template.ForMember(m.Id, slot))];
    }

    private static long ChooseRegionBytes(long arrayBytes, long? requestedBytes)
    {
        if (requestedBytes is { } requested)
        {
            if (WriteIntentBitmap.CheckGeometry(arrayBytes, requested) is { } error) throw new ArgumentException(error, "regionBytes");
            return requested;
        }
        var region = WriteIntentBitmap.DefaultRegionBytes;
        while (WriteIntentBitmap.CheckGeometry(arrayBytes, region) is not null) region *= 2;
        return region;
    }

    private static void CheckMembersDistinct(IReadOnlyList<IBlockDevice> members)
    {
        var seen = new Dictionary<Guid, IBlockDevice>();
        foreach (var member in members)
        {
            ArgumentNullException.ThrowIfNull(member, nameof(members));
            if (member.Id == Guid.Empty) throw new ArgumentException($"{member.Name} has no device uuid", nameof(members));
            if (!seen.TryAdd(member.Id, member))
                throw new ArgumentException($"{member.Name} and {seen[member.Id].Name} are the same device ({member.Id})", nameof(members));
        }
    }
}

using Layered.BlockStack.Integrity;
using System.Buffers.Binary;
using Layered.Raid.Metadata;
using Layered.TestKit.Contracts;

namespace Layered.Raid.Tests.Metadata;

public sealed class MemberSuperblockTests
{
    [Fact]
    public void EveryFieldSurvivesSerializeAndParseForManyRandomSuperblocks()
    {
        var seed = Seeds.Next(nameof(EveryFieldSurvivesSerializeAndParseForManyRandomSuperblocks));
        var random = new Random(seed);
        var block = new byte[MemberSuperblock.BlockBytes];
        for (var i = 0; i < 500; i++)
        {
            var original = RandomSuperblocks.Next(random);
            Assert.True(original.Validate() is null, $"seed {seed} case {i}: generator made an invalid superblock: {original.Validate()}");
            original.Serialize(block);
            Assert.True(MemberSuperblock.TryParse(block, out var parsed, out var error), $"seed {seed} case {i}: {error}");
            Assert.True(original.Equals(parsed), $"seed {seed} case {i}: {original} became {parsed}");
            Assert.Equal(original.Name, parsed.Name);
            Assert.Equal(original.CreatedAt, parsed.CreatedAt);
            Assert.Equal(original.UpdatedAt, parsed.UpdatedAt);
            Assert.Equal(original.SlotDeviceIds.ToArray(), parsed.SlotDeviceIds.ToArray());
            Assert.Equal(original.SlotStates.ToArray(), parsed.SlotStates.ToArray());
            Assert.Equal(original.SlotReplacementIds.ToArray(), parsed.SlotReplacementIds.ToArray());
            Assert.Equal(original.SlotRebuildOffsetBytes.ToArray(), parsed.SlotRebuildOffsetBytes.ToArray());
        }
    }

    [Fact]
    public void EverySingleBitFlipAnywhereInTheBlockIsRejected()
    {
        var seed = Seeds.Next(nameof(EverySingleBitFlipAnywhereInTheBlockIsRejected));
        var block = new byte[MemberSuperblock.BlockBytes];
        RandomSuperblocks.Next(new Random(seed)).Serialize(block);
        for (var bit = 0; bit < block.Length * 8; bit++)
        {
            block[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(MemberSuperblock.TryParse(block, out _, out var error), $"seed {seed}: flipping bit {bit} went unnoticed");
            Assert.False(string.IsNullOrEmpty(error));
            block[bit / 8] ^= (byte)(1 << (bit % 8));
        }
        Assert.True(MemberSuperblock.TryParse(block, out _, out _));
    }

    [Fact]
    public void TruncatedZeroAndRandomBlocksGiveErrorsNeverExceptions()
    {
        var seed = Seeds.Next(nameof(TruncatedZeroAndRandomBlocksGiveErrorsNeverExceptions));
        var random = new Random(seed);
        var good = new byte[MemberSuperblock.BlockBytes];
        RandomSuperblocks.Next(random).Serialize(good);

        foreach (var length in new[] { 0, 1, 8, 16, 4095 })
        {
            Assert.False(MemberSuperblock.TryParse(good.AsSpan(0, length), out _, out var error));
            Assert.Contains($"block is {length} bytes", error);
        }
        Assert.False(MemberSuperblock.TryParse(new byte[4096], out _, out var zeroError));
        Assert.Contains("magic", zeroError);

        var garbage = new byte[4096];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(garbage);
            if (i % 2 == 0) MemberSuperblock.Magic.CopyTo(garbage);
            if (i % 4 == 0) BinaryPrimitives.WriteUInt32LittleEndian(garbage.AsSpan(8), 1);
            if (i % 8 == 0) Reseal(garbage);
            Assert.False(MemberSuperblock.TryParse(garbage, out _, out var error), $"seed {seed} case {i}: random bytes parsed");
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Theory]
    [InlineData(8, 2u, "unsupported superblock format version 2")]
    [InlineData(80, 9u, "level code 9 is not known")]
    [InlineData(88, 0u, "member count 0 is outside 1..64")]
    [InlineData(88, 65u, "member count 65 is outside 1..64")]
    [InlineData(84, 1000u, "chunk 1000 bytes is not a power of two")]
    [InlineData(92, 70u, "role 70 is outside")]
    [InlineData(120, 6u, "unknown flags")]
    [InlineData(200, 1u, "reserved byte 200 is not zero")]
    [InlineData(4000, 1u, "reserved byte 4000 is not zero")]
    [InlineData(256 + 4 * 16, 1u, "unused slot byte 320 is not zero")]
    [InlineData(1280 + 4, 1u, "unused slot byte 1284 is not zero")]
    public void AResealedBlockWithABadFieldGivesItsOwnError(int offset, uint value, string expected)
    {
        var block = new byte[MemberSuperblock.BlockBytes];
        Simple().Serialize(block);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(offset), value);
        Reseal(block);
        Assert.False(MemberSuperblock.TryParse(block, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void ABlockWithoutResealingFailsTheChecksum()
    {
        var block = new byte[MemberSuperblock.BlockBytes];
        Simple().Serialize(block);
        block[112]++;
        Assert.False(MemberSuperblock.TryParse(block, out _, out var error));
        Assert.Contains("checksum mismatch", error);
    }

    [Fact]
    public void InconsistentFieldsAreRefusedOnSerializeAndOnParse()
    {
        var good = Simple();
        (MemberSuperblock Value, string Error)[] cases =
        [
            (good with { DataOffsetBytes = 3 << 19 }, "data offset"),
            (good with { MemberDataBytes = good.MemberDataBytes + 512 }, "not a positive multiple of the chunk"),
            (good with { BitmapRegionCount = good.BitmapRegionCount + 1 }, "bitmap region count"),
            (good with { JournalOffsetBytes = 8192, JournalLengthBytes = 4096 }, "journal offset 8192"),
            (good with { JournalLengthBytes = 2L << 20, JournalOffsetBytes = 1L << 20 }, "journal area ends"),
            (good.WithRebuildOffset(1, 4096), "slot 1 is Active but has rebuild checkpoint 4096"),
            (good.WithSlotState(1, MemberState.Rebuilding).WithRebuildOffset(1, good.MemberDataBytes + 1), "rebuild checkpoint"),
            (good.WithReplacement(1, Guid.Empty, 4096), "no replacement but a replace checkpoint"),
            (good.WithReplacement(1, good.SlotDeviceIds[2]), "recorded twice"),
            (good.WithSlotState(1, MemberState.Removed).WithReplacement(1, Guid.NewGuid()), "Removed but has a replacement"),
            (good.ForMember(good.SlotDeviceIds[1], -1), "this spare"),
            (good.WithSlotState(1, MemberState.Spare), "spares have no slot"),
            (good.WithSlotDevice(1, Guid.Empty, MemberState.Active), "records no device"),
            (good.WithSlotDevice(2, good.SlotDeviceIds[1], MemberState.Active), "recorded twice"),
            (good with { Role = 1 }, "claims slot 1"),
            (good with { Events = 0 }, "event counter is 0"),
            (good with { Name = new string('n', 33) }, "longer than 32"),
            (good with { Name = "\ud800" }, "not valid Unicode"),
            (good with { SlotStates = good.SlotStates.RemoveRange(2, 2) }, "raid5 needs at least"),
            (good with { SlotReplacementIds = good.SlotReplacementIds.RemoveAt(0) }, "columns differ in length"),
            (good with { CreatedAt = DateTimeOffset.UnixEpoch.AddTicks(-1) }, "outside 1970..2262"),
        ];
        foreach (var (value, expected) in cases)
        {
            Assert.Contains(expected, value.Validate());
            var thrown = Assert.Throws<InvalidOperationException>(() => value.Serialize(new byte[4096]));
            Assert.Contains(expected, thrown.Message);
        }
    }

    [Fact]
    public void TransitionsKeepTheSuperblockValidAndBumpRaisesEvents()
    {
        var good = Simple();
        var now = DateTimeOffset.UnixEpoch.AddDays(20000);
        var failed = good.WithSlotState(2, MemberState.Faulty).WithClean(false).Bump(now);
        Assert.Null(failed.Validate());
        Assert.Equal(good.Events + 1, failed.Events);
        Assert.Equal(now, failed.UpdatedAt);
        var removed = failed.WithSlotState(2, MemberState.Removed).Bump();
        Assert.Equal(Guid.Empty, removed.SlotDeviceIds[2]);
        var replacement = Guid.NewGuid();
        var rebuilding = removed.WithSlotDevice(2, replacement, MemberState.Rebuilding).WithRebuildOffset(2, 1 << 20).Bump();
        Assert.Null(rebuilding.Validate());
        Assert.Null(rebuilding.ForMember(replacement, 2).Validate());
        var rebuilt = rebuilding.WithSlotState(2, MemberState.Active);
        Assert.Null(rebuilt.Validate());
        Assert.Equal(0, rebuilt.SlotRebuildOffsetBytes[2]);
        Assert.True(rebuilding.SameArrayView(rebuilding.ForMember(replacement, 2).WithRebuildOffset(2, 2 << 20)));
        Assert.False(rebuilding.SameArrayView(removed));

        // A live replace: the new device rides along in the slot until it takes over.
        var incoming = Guid.NewGuid();
        var replacing = rebuilt.WithReplacement(0, incoming).Bump();
        Assert.Null(replacing.ForMember(incoming, 0).Validate());
        Assert.True(replacing.ForMember(incoming, 0).IsReplacement);
        Assert.True(replacing.SameArrayView(replacing.WithReplacement(0, incoming, 8 << 20)));
        var replaced = replacing.CompleteReplacement(0).Bump();
        Assert.Equal(incoming, replaced.SlotDeviceIds[0]);
        Assert.Equal(Guid.Empty, replaced.SlotReplacementIds[0]);
        Assert.Null(replaced.ForMember(incoming, 0).Validate());
        Assert.Throws<InvalidOperationException>(() => replaced.CompleteReplacement(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => good.WithSlotState(4, MemberState.Faulty));
    }

    internal static MemberSuperblock Simple()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var start = DateTimeOffset.UnixEpoch.AddDays(19000);
        return new MemberSuperblock
        {
            ArrayId = Guid.NewGuid(),
            Name = "simple",
            Level = RaidLevel.Raid5,
            ChunkBytes = 64 << 10,
            DeviceId = ids[0],
            Role = 0,
            DataOffsetBytes = 1 << 20,
            MemberDataBytes = 63L << 20,
            Events = 7,
            SlotStates = [.. Enumerable.Repeat(MemberState.Active, 4)],
            SlotDeviceIds = [.. ids],
            SlotRebuildOffsetBytes = [0, 0, 0, 0],
            SlotReplacementIds = [Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty],
            SlotReplacementOffsetBytes = [0, 0, 0, 0],
            Clean = true,
            BitmapOffsetBytes = 4096,
            BitmapRegionBytes = 1 << 20,
            BitmapRegionCount = 189,
            CreatedAt = start,
            UpdatedAt = start,
        };
    }

    /// <summary>Recomputes the checksum, so a test can reach the checks behind it.</summary>
    internal static void Reseal(Span<byte> block)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], Crc32C.Compute(block));
    }
}

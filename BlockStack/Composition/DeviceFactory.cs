using Layered.BlockStack.Files;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;
using Polly;

namespace Layered.BlockStack.Composition;

/// <summary>
/// Opens devices from specs: <c>mem:SIZE</c>, <c>sim:SIZE[:SEED]</c>, or a path to an image
/// file or block device. Every device gets the shared retry pipeline; file devices share the ring.
/// </summary>
public sealed class DeviceFactory(BlockStackOptions options, UringHostProvider rings, ResiliencePipeline<IoResult> retry)
{
    public UringHostProvider Rings => rings;

    public IBlockDevice Open(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var parts = spec.Split(':');
        switch (parts[0])
        {
            case "mem" when parts.Length == 2:
                return new MemoryDevice(Geometry("mem", ByteSize.Parse(parts[1])), retry);
            case "sim" when parts.Length is 2 or 3:
                var seed = parts.Length == 3 ? ulong.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
                return new SimulatedDevice(Geometry("sim", ByteSize.Parse(parts[1])), new SimulationOptions { Seed = seed }, retry);
            case "mem" or "sim":
                throw new FormatException($"'{spec}': write mem:SIZE or sim:SIZE[:SEED], for example mem:1G");
            default:
                return OpenFile(spec);
        }
    }

    public FileDevice OpenFile(string path, Guid? id = null) => FileDevice.Open(path, new FileDeviceOptions
    {
        SectorSize = options.SectorSize,
        Host = rings.Host,
        Id = id,
        Retry = retry,
    });

    private DeviceGeometry Geometry(string name, long sizeBytes)
    {
        if (sizeBytes % options.SectorSize != 0)
            throw new FormatException($"{ByteSize.Format(sizeBytes)} is not a multiple of the sector size {options.SectorSize}");
        return new DeviceGeometry(name, Guid.NewGuid(), options.SectorSize, sizeBytes / options.SectorSize);
    }
}

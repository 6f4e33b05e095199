using Layered.BlockStack;
using Layered.BlockStack.Uring;
using Layered.Fs.Mkfs;
using Layered.Fs.Posix;
using Layered.Fs.Tests.Posix;

namespace Layered.Fs.Tests.Model;

/// <summary>
/// One seeded run of random operations against the filesystem and the oracle. Every choice
/// comes from the seed and the oracle's state, never from the filesystem's answers, so a run
/// of the first n operations of a seed is exactly a prefix of the full run.
/// </summary>
internal sealed partial class ModelRun
{
    private const int CheckEvery = 250;
    private static readonly TimeSpan s_opTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] s_names = ["a", "b", "c", "d", "e", "f"];
    private static readonly FsMountOptions s_mount = new() { CommitIntervalMs = 0 };

    private readonly Random _random;
    private readonly List<string> _log = [];
    private readonly List<OracleNode> _orphans = [];
    private OracleNode _root = null!;
    private FileSystem _fs = null!;
    private IBlockDevice[] _devices = [];

    private readonly bool _farOffsets;

    private ModelRun(int seed, bool farOffsets)
    {
        _random = new Random(seed);
        _farOffsets = farOffsets;
    }

    /// <summary>Runs <paramref name="ops"/> operations, checking the whole tree periodically and at the end.</summary>
    public static async Task<ModelResult> RunAsync(int seed, int ops, bool farOffsets, long volumeBytes)
    {
        var run = new ModelRun(seed, farOffsets);
        var index = -1;
        try
        {
            var (fs, devices) = await TestFs.CreateAsync(bytes: volumeBytes, mount: s_mount);
            run._fs = fs;
            run._devices = devices;
            run._root = new OracleNode(FileKind.Directory, FileSystem.RootIno);
            for (index = 0; index < ops; index++)
            {
                await run.StepAsync(index);
                if ((index + 1) % CheckEvery == 0) await run.CheckTreeAsync();
            }
            index = ops - 1;
            await run.CheckTreeAsync();
            await run._fs.DisposeAsync();
            return new ModelResult(-1, "", run._log);
        }
        catch (Exception error)
        {
            var message = error is ModelDivergenceException ? error.Message : $"unexpected {error.GetType().Name}: {error}";
            try { await run._fs.DisposeAsync(); } catch (Exception) { /* the run already failed */ }
            return new ModelResult(Math.Max(index, 0), message, run._log);
        }
    }

    /// <summary>Runs the seed; on a divergence, finds the shortest prefix that still diverges.</summary>
    public static async Task<string?> RunAndShrinkAsync(int seed, int ops, bool farOffsets = false, long volumeBytes = 16L << 30)
    {
        var full = await RunAsync(seed, ops, farOffsets, volumeBytes);
        if (full.Passed) return null;
        int passing = 0, failing = full.FailedAt + 1;
        var shortest = full;
        while (failing - passing > 1)
        {
            var middle = (passing + failing) / 2;
            var attempt = await RunAsync(seed, middle, farOffsets, volumeBytes);
            if (attempt.Passed) passing = middle;
            else { failing = middle; shortest = attempt; }
        }
        if (shortest == full && failing <= full.FailedAt) shortest = await RunAsync(seed, failing, farOffsets, volumeBytes);
        return $"seed {seed} (LAYERED_SEED={seed}) diverged at operation {full.FailedAt}: {full.Message}{Environment.NewLine}"
            + $"shortest failing prefix: {failing} operations, failing at {shortest.FailedAt}: {shortest.Message}{Environment.NewLine}"
            + string.Join(Environment.NewLine, shortest.Log.Select(l => "  " + l));
    }

    private void Log(int index, string text) => _log.Add($"{index}: {text}");

    private static ModelDivergenceException Diverged(string what) => new(what);

    /// <summary>Runs one filesystem call: its value, or the errno it failed with. Any other exception, or a hang, is a divergence.</summary>
    private static async Task<(T? Value, Errno? Error)> TryAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return (await call().WaitAsync(s_opTimeout), null);
        }
        catch (FsException error)
        {
            return (default, error.Errno);
        }
        catch (TimeoutException)
        {
            throw Diverged($"the call did not finish within {s_opTimeout.TotalSeconds} s");
        }
    }

    private static Task<(bool Value, Errno? Error)> TryAsync(Func<Task> call) => TryAsync(async () => { await call(); return true; });

    /// <summary>Fails unless the call failed with one of <paramref name="expected"/> (or succeeded, when none is expected).</summary>
    private static void Expect(string what, Errno? actual, IReadOnlyCollection<Errno> expected)
    {
        if (expected.Count == 0 && actual is null) return;
        if (actual is { } got && expected.Contains(got)) return;
        var wanted = expected.Count == 0 ? "success" : string.Join(" or ", expected);
        throw Diverged($"{what}: the oracle expects {wanted}, the filesystem gave {(actual is null ? "success" : actual.ToString())}");
    }

    private static Errno[] None => [];

    private static Errno[] One(Errno errno) => [errno];

    /// <summary>Every (directory, name, node) the tree holds, in a deterministic order.</summary>
    private List<(OracleNode Dir, string Name, OracleNode Node)> Entries()
    {
        var all = new List<(OracleNode, string, OracleNode)>();
        var pending = new Stack<OracleNode>([_root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var (name, node) in dir.Entries)
            {
                all.Add((dir, name, node));
                if (node.IsDirectory) pending.Push(node);
            }
        }
        return all;
    }

    private string PathOf(OracleNode dir, string name)
    {
        var parts = new List<string> { name };
        for (var at = dir; at.Parent is { } parent; at = parent)
            parts.Add(parent.Entries.First(e => e.Value == at).Key);
        parts.Reverse();
        return "/" + string.Join('/', parts);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<OracleNode> Directories() => [_root, .. Entries().Where(e => e.Node.IsDirectory).Select(e => e.Node)];

    private List<OracleNode> RegularFiles() => [.. Entries().Where(e => e.Node.Kind == FileKind.Regular).Select(e => e.Node).Distinct(), .. _orphans];

    private static int Depth(OracleNode dir)
    {
        var depth = 0;
        for (var at = dir; at.Parent is not null; at = at.Parent) depth++;
        return depth;
    }

    private byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        _random.NextBytes(data);
        return data;
    }

    /// <summary>Mostly near the start; with far offsets, sometimes tens of MiB or a GiB out, leaving wide holes.</summary>
    private long RandomOffset()
    {
        var roll = _random.Next(100);
        if (roll < 55) return _random.Next(64 << 10);
        if (roll < 85 || !_farOffsets) return _random.Next(1 << 20);
        return roll < 97 ? _random.NextInt64(64L << 20) : _random.NextInt64(1L << 30);
    }

    private int RandomLength() => _random.Next(100) switch
    {
        < 10 => _random.Next(1, 16),
        < 80 => _random.Next(1, 20_000),
        _ => _random.Next(1, 200_000),
    };
}

using System.CommandLine;
using Layered.Fuse.Mounting;

namespace Layered.Cli.Serving;

/// <summary>
/// The serving options every command that mounts through FUSE takes (<c>mount</c>, <c>up</c>,
/// <c>bench fuse</c>), read into one <see cref="FuseMountOptions"/>.
/// </summary>
internal sealed class FuseFlags
{
    public const int DefaultPollMicroseconds = 50;

    private readonly Option<bool>? _allowOther;
    private readonly Option<string> _transport = new("--transport")
    {
        Description = "uring: FUSE over io_uring, one ring per CPU (turns on the fuse module's enable_uring parameter when it is off; falls back to dev when the kernel has none); dev: read(2) on /dev/fuse",
        DefaultValueFactory = _ => "uring",
    };
    private readonly Option<int> _pollMicroseconds = new("--poll-us")
    {
        Description = "with uring: how long a queue thread keeps looking for the next request before it sleeps (0: never polls; polling keeps the CPU busy while requests flow, which spares each reply a wake-up of an idle CPU)",
        DefaultValueFactory = _ => DefaultPollMicroseconds,
    };

    public FuseFlags(bool allowOther)
    {
        _transport.AcceptOnlyFromAmong("uring", "dev");
        _pollMicroseconds.Validators.Add(r =>
        {
            if (r.GetValue(_pollMicroseconds) is < 0 or > 100_000) r.AddError("--poll-us must be 0..100000");
        });
        if (allowOther) _allowOther = new Option<bool>("--allow-other") { Description = "let users other than root use the mount (permissions are still enforced)" };
    }

    public IEnumerable<Option> Options => _allowOther is null ? [_transport, _pollMicroseconds] : [_allowOther, _transport, _pollMicroseconds];

    /// <summary>
    /// The mount options the command line asks for. Asking for io_uring turns the kernel's switch
    /// on when it is off (as root); when that cannot be done, says why and serves through /dev/fuse.
    /// </summary>
    public FuseMountOptions Read(ParseResult parse, Action<string> progress)
    {
        var ioUring = parse.GetValue(_transport) == "uring";
        if (ioUring)
        {
            var wasOn = FuseIoUringParameter.Read() == true;
            if (!FuseIoUringParameter.TryEnable(out var whyNot))
            {
                progress($"FUSE over io_uring is not available ({whyNot}); serving through /dev/fuse");
                ioUring = false;
            }
            else if (!wasOn) progress($"turned on FUSE over io_uring ({FuseIoUringParameter.Path} = Y)");
        }
        return FuseServer.Options(_allowOther is not null && parse.GetValue(_allowOther), ioUring, TimeSpan.FromMicroseconds(parse.GetValue(_pollMicroseconds)));
    }
}

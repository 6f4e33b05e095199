namespace Layered.Fs.DirectIo;

public enum DirectOpKind
{
    Read,
    Write,
}

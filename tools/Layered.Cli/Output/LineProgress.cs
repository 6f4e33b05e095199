namespace Layered.Cli.Output;

/// <summary>
/// An <see cref="IProgress{T}"/> that writes each line as it is reported. Progress&lt;T&gt; posts to
/// the thread pool, so its lines could arrive after the report they precede.
/// </summary>
internal sealed class LineProgress(Action<string> write) : IProgress<string>
{
    public void Report(string value) => write(value);
}

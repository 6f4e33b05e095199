namespace Layered.Cli.Bench;

internal sealed record TagsBenchmarkSettings(int BlockBytes, int QueueDepth, TimeSpan Duration, long SpanBytes, ulong Seed, bool RunFio);

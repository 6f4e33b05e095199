using System.Text.Json.Nodes;

namespace Layered.Cli.Bench;

internal static class JsonObjectExtensions
{
    public static void Merge(this JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            source.Remove(key);
            target[key] = value;
        }
    }
}

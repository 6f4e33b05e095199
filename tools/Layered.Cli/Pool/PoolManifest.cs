using System.Text.Json;
using System.Text.Json.Nodes;

namespace Layered.Cli.Pool;

/// <summary>pool.json: what <c>layered up</c> built, for people reading the folder and for the status screen.</summary>
internal sealed record PoolManifest(string Level, Guid ArrayId, Guid FsId, long MemberBytes, DateTime CreatedUtc)
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public void Write(string path)
    {
        var json = new JsonObject
        {
            ["level"] = Level,
            ["raid_uuid"] = ArrayId.ToString(),
            ["fs_uuid"] = FsId.ToString(),
            ["member_bytes"] = MemberBytes,
            ["created_utc"] = CreatedUtc.ToString("O"),
        };
        // Written beside and renamed into place, so a crash never leaves half a manifest that claims a finished pool.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(s_indented));
        File.Move(temporary, path, overwrite: true);
    }

    public static PoolManifest Read(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException($"{path} is not a JSON object");
        try
        {
            return new PoolManifest(
                (string)json["level"]!,
                Guid.Parse((string)json["raid_uuid"]!),
                Guid.Parse((string)json["fs_uuid"]!),
                (long)json["member_bytes"]!,
                DateTime.Parse((string)json["created_utc"]!, null, System.Globalization.DateTimeStyles.RoundtripKind));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new FormatException($"{path} is damaged ({e.Message}); the members still hold the pool: `layered mount {Path.GetDirectoryName(path)}/member*.img MOUNTPOINT`", e);
        }
    }
}

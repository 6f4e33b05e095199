namespace Layered.BlockStack.Tests.Files;

/// <summary>A folder of sparse image files for one test class, deleted with it.</summary>
internal sealed class ImageFiles : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "layered-tests", Guid.NewGuid().ToString("N"));

    public string Create(long sizeBytes)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.img");
        Layered.BlockStack.Files.FileDevice.CreateImage(path, sizeBytes);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

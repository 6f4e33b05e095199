namespace Layered.Fs.Tests.Model;

/// <summary>The filesystem answered an operation differently from the oracle.</summary>
internal sealed class ModelDivergenceException(string message) : Exception(message);

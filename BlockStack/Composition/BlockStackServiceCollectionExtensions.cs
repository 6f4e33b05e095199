using Layered.BlockStack.Buffers;
using Layered.BlockStack.Resilience;
using Microsoft.Extensions.DependencyInjection;

namespace Layered.BlockStack.Composition;

public static class BlockStackServiceCollectionExtensions
{
    /// <summary>Registers the buffer registry, retry pipeline, shared ring and device factory.</summary>
    public static IServiceCollection AddLayeredBlockStack(this IServiceCollection services, Action<BlockStackOptions>? configure = null)
    {
        var options = new BlockStackOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton<BufferRegistry>();
        services.AddSingleton<RetryCounters>();
        services.AddSingleton(sp => IoRetry.Create(options.Retry, sp.GetRequiredService<RetryCounters>()));
        services.AddSingleton<UringHostProvider>();
        services.AddSingleton<DeviceFactory>();
        return services;
    }
}

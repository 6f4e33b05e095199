using Layered.BlockStack.Composition;
using Microsoft.Extensions.DependencyInjection;

namespace Layered.Cli.Commands;

/// <summary>
/// What a device command's body runs in: the block stack's services and a context that the
/// command opens its devices through. The context is disposed (closing what it opened) before
/// the services, whatever way the body ends.
/// </summary>
internal static class CommandScope
{
    public static async Task<int> RunAsync<TContext>(Func<DeviceFactory, TContext> createContext, Func<TContext, Task<int>> body)
        where TContext : IAsyncDisposable
    {
        await using var services = new ServiceCollection().AddLayeredBlockStack().BuildServiceProvider();
        await using var context = createContext(services.GetRequiredService<DeviceFactory>());
        return await body(context);
    }
}

using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Ht2.KestrelHost;

/// <summary>
/// A host lifetime that installs no Ctrl+C or SIGTERM handler, so a host running inside a test process leaves the
/// test runner's signals alone.
/// </summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

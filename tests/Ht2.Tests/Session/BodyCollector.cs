using System;
using System.IO;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>A client handler that collects one response body and completes when it ends.</summary>
internal sealed class BodyCollector : Ht2SessionHandler
{
    private readonly MemoryStream _body = new();

    public TaskCompletionSource<byte[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
    {
        _body.Write(data);
        if (endStream)
        {
            Done.TrySetResult(_body.ToArray());
        }
    }
}

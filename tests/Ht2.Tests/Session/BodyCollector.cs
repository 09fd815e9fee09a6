using System;
using System.IO;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>Collects one message body (a client's response, a server's request) and completes when it ends.</summary>
internal sealed class BodyCollector : Ht2SessionHandler
{
    private readonly MemoryStream _body = new();

    public TaskCompletionSource<byte[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A request is accepted and left open (the base class would refuse it).</summary>
    public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
    }

    public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
    {
        _body.Write(data);
        if (endStream)
        {
            Done.TrySetResult(_body.ToArray());
        }
    }
}

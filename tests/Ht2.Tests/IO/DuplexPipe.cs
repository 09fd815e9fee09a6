using System.IO.Pipelines;

namespace Ht2.Tests.IO;

/// <summary>A reader and a writer of two different pipes, seen as one connection's duplex pipe.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}

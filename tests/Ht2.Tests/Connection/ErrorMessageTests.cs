using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>
/// Every error the connection raises says what went wrong in words a user can act on: the rule broken with its
/// RFC 9113 section, the stream, the sizes, and where to look. A message emptied or swapped fails here.
/// </summary>
public sealed class ErrorMessageTests
{
    private static Ht2ConnectionOptions NoAcks => new() { AutoAcknowledge = false };

    private static async Task<Ht2ProtocolException> ReadError(byte[] input, bool preface = false)
    {
        using Ht2Connection connection = new(new ScriptedStream(input), NoAcks);
        if (preface)
        {
            connection.WriteClientPreface(ReadOnlySpan<SettingsEntry>.Empty);
        }

        return await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.Frame(connection));
    }

    [Fact]
    public async Task WrongClientPreface_NamesThePrefaceRule()
    {
        using Ht2Connection server = new(new ScriptedStream(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n")));
        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.ClientPreface(server));
        Assert.Contains("client connection preface (RFC 9113 §3.4)", error.Message);
    }

    [Fact]
    public async Task FirstFrameNotSettings_NamesTheRule()
    {
        List<byte> input = new();
        Wire.Ping(input, 1);
        Ht2ProtocolException error = await ReadError(input.ToArray(), preface: true);
        Assert.Contains("first frame of the peer must be SETTINGS (RFC 9113 §3.4)", error.Message);
    }

    [Theory]
    [InlineData(0u, "connection window above 2^31-1 (RFC 9113 §6.9.1)")]
    [InlineData(7u, "stream window above 2^31-1 (RFC 9113 §6.9.1)")]
    public async Task WindowUpdateOverflow_NamesTheWindow(uint streamId, string expected)
    {
        List<byte> input = new();
        Wire.WindowUpdate(input, streamId, 0x7FFF_FFFF);
        Ht2ProtocolException error = await ReadError(input.ToArray());
        Assert.Contains("WINDOW_UPDATE takes the " + expected, error.Message);
    }

    [Fact]
    public async Task InitialWindowSizeOverflow_NamesTheSetting()
    {
        List<byte> input = new();
        Wire.WindowUpdate(input, 1, 10);
        Wire.Settings(input, false, (0x4, 0x7FFF_FFFF));
        using Ht2Connection client = new(new ScriptedStream(input.ToArray()), NoAcks);
        await BoundedRead.Frame(client);
        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.Frame(client));
        Assert.Contains("SETTINGS_INITIAL_WINDOW_SIZE takes a stream window above 2^31-1 (RFC 9113 §6.9.2)", error.Message);
    }

    [Fact]
    public async Task EndOfInput_SaysWhereItCut()
    {
        using Ht2Connection server = new(new ScriptedStream(Encoding.ASCII.GetBytes("PRI * HTTP")));
        IOException preface = await Assert.ThrowsAsync<IOException>(async () => await BoundedRead.ClientPreface(server));
        Assert.Equal("The connection closed before the client connection preface.", preface.Message);

        using Ht2Connection client = new(new ScriptedStream(new byte[] { 0, 0, 8, 0x6, 0, 0, 0, 0, 0, 1, 2 }));
        IOException frame = await Assert.ThrowsAsync<IOException>(async () => await BoundedRead.Frame(client));
        Assert.Equal("The connection closed in the middle of a frame.", frame.Message);
    }

    [Fact]
    public void DataBeyondTheWindow_NamesTheSizeTheStreamAndTheWaitingApi()
    {
        using Ht2Connection client = new(new ScriptedStream(Array.Empty<byte>()));
        client.SendFrame(new DataFrame { StreamId = 1 }, new byte[16_384]);
        client.SendFrame(new DataFrame { StreamId = 1 }, new byte[16_384]);
        client.SendFrame(new DataFrame { StreamId = 1 }, new byte[16_384]);
        client.SendFrame(new DataFrame { StreamId = 1 }, new byte[16_000]);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => client.SendFrame(new DataFrame { StreamId = 3 }, new byte[400]));
        Assert.Equal(
            "A DATA frame of 400 bytes exceeds the flow-control window of stream 3 or the connection; use SendDataFrames, which waits for credit.",
            error.Message);
    }

    [Fact]
    public void PayloadCountMismatch_NamesTheArgument()
    {
        using Ht2Connection client = new(new ScriptedStream(Array.Empty<byte>()));
        DataFrame[] frames = [new DataFrame { StreamId = 1 }, new DataFrame { StreamId = 1 }];
        ReadOnlyMemory<byte>[] payloads = [new byte[1]];
        ArgumentException error = Assert.Throws<ArgumentException>(() => client.SendFrames<DataFrame>(frames, payloads));
        Assert.Equal("payloads", error.ParamName);
        Assert.StartsWith("Give one payload per frame, or none.", error.Message);
    }

    [Fact]
    public void BadIncrement_NamesTheRange()
    {
        using Ht2Connection client = new(new ScriptedStream(Array.Empty<byte>()));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => client.SendWindowUpdate(1, 0));
        Assert.Equal("increment", error.ParamName);
        Assert.StartsWith("A window increment must be between 1 and 2^31-1.", error.Message);
    }

    [Fact]
    public void DisposedBatch_SaysSo()
    {
        using Ht2Connection client = new(new ScriptedStream(Array.Empty<byte>()));
        Ht2Batch batch = client.BeginBatch();
        batch.Dispose();
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => batch.Send());
        Assert.Equal("The batch has been disposed.", error.Message);
    }

    [Fact]
    public void BadOptions_NameTheOptionAndItsLimit()
    {
        ArgumentOutOfRangeException buffer = Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2ConnectionOptions { ReceiveBufferSize = 100 });
        Assert.Equal(nameof(Ht2ConnectionOptions.ReceiveBufferSize), buffer.ParamName);
        Assert.StartsWith("The receive buffer must hold at least 4096 bytes.", buffer.Message);

        ArgumentOutOfRangeException credit = Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2ConnectionOptions { CreditTimeout = TimeSpan.FromSeconds(-1) });
        Assert.Equal(nameof(Ht2ConnectionOptions.CreditTimeout), credit.ParamName);
        Assert.StartsWith("The credit timeout must be positive or infinite.", credit.Message);
    }
}

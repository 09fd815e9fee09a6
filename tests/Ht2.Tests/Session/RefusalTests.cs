using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A connection refused before it starts (<see cref="Ht2Session.RefuseAsync"/>): our SETTINGS still go first (RFC 9113
/// §3.4), then GOAWAY with the code and the reason as debug data, then the close; no request is ever served.
/// </summary>
public sealed class RefusalTests
{
    [Fact]
    public async Task A_refused_connection_sends_SETTINGS_then_GOAWAY_with_the_code_and_reason_and_closes()
    {
        MemoryTransport transport = new();
        RecordingHandler handler = new();
        FakeTime time = new();
        Ht2Session session = new(transport, Ht2SessionRole.Server, handler, null, time);
        Task run = session.RefuseAsync(Http2ErrorCode.Http11Required, "use h1");
        transport.Send(Wire.Concat(Wire.Preface, Wire.Settings(), Wire.Headers(1, Wire.GetBlock, endStream: true)));
        await transport.OutputShutDown.Within(TimeSpan.FromSeconds(10));

        int offset = 0;
        List<WireFrame> frames = Wire.Parse(transport.TakeOutput(), ref offset);
        Assert.Equal(WireFrame.Settings, frames[0].Type);
        Assert.False(frames[0].Has(Wire.Ack));
        WireFrame goAway = frames[^1];
        Assert.Equal(WireFrame.GoAway, goAway.Type);
        Assert.Equal(0xDu, goAway.ErrorCode);
        Assert.Equal(0u, goAway.GoAwayLastStreamId);
        Assert.Equal("use h1", Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
        Assert.DoesNotContain(frames, f => f.Type == WireFrame.Headers);
        Assert.Equal(Http2ErrorCode.Http11Required, session.CloseReason);
        Assert.DoesNotContain(handler.Events, e => e.StartsWith("request", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromSeconds(5));
        await run.Within(TimeSpan.FromSeconds(10));
        Assert.True(transport.IsClosed);
    }

    [Fact]
    public async Task A_refusal_needs_a_reason()
    {
        MemoryTransport transport = new();
        Ht2Session session = new(transport, Ht2SessionRole.Server, new RecordingHandler(), null, new FakeTime());
        Assert.Throws<ArgumentNullException>(() => { _ = session.RefuseAsync(Http2ErrorCode.InadequateSecurity, null!); });
        await session.DisposeAsync();
        Assert.True(transport.IsClosed);
    }

    [Fact]
    public async Task The_application_closes_with_a_code_of_its_choice()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Session.Abort(Http2ErrorCode.EnhanceYourCalm);
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal(1u, goAway.GoAwayLastStreamId);
        Assert.Equal("The application closed the connection.", Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, h.Session.CloseReason);
        Assert.Contains("reset 1 EnhanceYourCalm", h.Handler.Events);

        // A second close changes nothing.
        h.Session.Abort(Http2ErrorCode.InternalError);
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, h.Session.CloseReason);
        await h.Session.Completion.Within(TimeSpan.FromSeconds(10));
    }
}

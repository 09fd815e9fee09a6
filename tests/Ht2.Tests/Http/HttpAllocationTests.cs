using System;

namespace Ht2.Tests.Http;

// GC.GetAllocatedBytesForCurrentThread counts only this thread, so tests running in parallel do not disturb it.
public class HttpAllocationTests
{
    private static readonly byte[][] s_request =
    {
        ":method"u8.ToArray(), "POST"u8.ToArray(),
        ":scheme"u8.ToArray(), "https"u8.ToArray(),
        ":authority"u8.ToArray(), "api.example.com:8443"u8.ToArray(),
        ":path"u8.ToArray(), "/v1/items?limit=10"u8.ToArray(),
        "user-agent"u8.ToArray(), "ht2-test/1.0"u8.ToArray(),
        "accept"u8.ToArray(), "application/json"u8.ToArray(),
        "content-type"u8.ToArray(), "application/json; charset=utf-8"u8.ToArray(),
        "content-length"u8.ToArray(), "1234"u8.ToArray(),
        "te"u8.ToArray(), "trailers"u8.ToArray(),
        "authorization"u8.ToArray(), "Bearer abcdef0123456789"u8.ToArray(),
    };

    private static long ValidateRequest()
    {
        HttpFieldValidator validator = new(HttpBlockKind.Request);
        for (int i = 0; i < s_request.Length; i += 2)
        {
            validator.Add(s_request[i], s_request[i + 1]);
        }

        if (validator.Complete(endStream: false) is not null)
        {
            return -1;
        }

        HttpBodyLength body = HttpBodyLength.ForRequest(validator);
        bool ok = body.TryAdd(1000) & body.TryAdd(234) & body.TryEnd();
        return ok ? validator.ContentLength : -1;
    }

    private static int ValidateResponseAndTrailers()
    {
        HttpFieldValidator response = new(HttpBlockKind.Response);
        response.Add(":status"u8, "200"u8);
        response.Add("content-type"u8, "application/grpc"u8);
        HttpFieldValidator trailers = new(HttpBlockKind.Trailers);
        trailers.Add("grpc-status"u8, "0"u8);
        return response.Complete(false) is null && trailers.Complete(true) is null ? response.Status : -1;
    }

    [Fact]
    public void ValidatingATypicalExchangeAllocatesNothing()
    {
        Assert.Equal(1234, ValidateRequest());
        Assert.Equal(200, ValidateResponseAndTrailers());

        // Asserting inside the loop would allocate (xunit's comparer), so the results are summed and checked after.
        long total = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            total += ValidateRequest() + ValidateResponseAndTrailers();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000L * (1234 + 200), total);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void RejectingAllocatesNothing()
    {
        static int Reject()
        {
            HttpFieldValidator validator = new(HttpBlockKind.Request);
            validator.Add(":method"u8, "GET"u8);
            validator.Add("Connection"u8, "close\r\n"u8);
            validator.Add("connection"u8, "close"u8);
            return validator.Complete(true)?.Length ?? 0;
        }

        int expected = Reject();
        Assert.True(expected > 0);
        long total = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            total += Reject();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000L * expected, total);
        Assert.Equal(0, allocated);
    }
}

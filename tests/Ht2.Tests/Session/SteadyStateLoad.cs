using System;
using System.Buffers.Binary;

namespace Ht2.Tests.Session;

/// <summary>
/// The load of the steady-state allocation tests, whatever the transport: GET (or POST with a 1 KiB body) requests
/// pipelined several per write the way h2load sends them, renumbered in place between writes, and a server handler
/// that answers like the sample server (field list encoded by the session, then a 1 KiB body).
/// </summary>
internal static class SteadyStateLoad
{
    public static readonly byte[] Body = new byte[1024];

    /// <summary>The bytes one response takes at least: HEADERS and DATA frame headers, one header byte, the body.</summary>
    public const int MinResponseBytes = 9 + 1 + 9 + 1024;

    private static readonly Ht2Field[] Fields =
        [new(":status"u8.ToArray(), "200"u8.ToArray()), new("content-length"u8.ToArray(), "1024"u8.ToArray()), new("server"u8.ToArray(), "ht2"u8.ToArray())];

    /// <summary>One write's worth of requests: HEADERS (GET, END_STREAM) or HEADERS + 1 KiB DATA (POST).</summary>
    public static byte[] Pipelined(int count, bool withRequestBody)
    {
        byte[] one = withRequestBody
            ? Wire.Concat(Wire.Headers(1, Wire.PostBlock, endStream: false), Wire.Data(1, 1024, endStream: true))
            : Wire.Headers(1, Wire.GetBlock, endStream: true);
        byte[] all = new byte[one.Length * count];
        for (int i = 0; i < count; i++)
        {
            one.CopyTo(all, i * one.Length);
        }

        return all;
    }

    /// <summary>Gives the <paramref name="count"/> requests of <paramref name="input"/> the next stream ids, in place.</summary>
    public static void Renumber(byte[] input, int count, ref uint id)
    {
        int frameBytes = input.Length / count;
        bool hasData = frameBytes > 9 + Wire.GetBlock.Length;
        for (int i = 0; i < count; i++)
        {
            Span<byte> request = input.AsSpan(i * frameBytes, frameBytes);
            BinaryPrimitives.WriteUInt32BigEndian(request.Slice(5), id);
            if (hasData)
            {
                BinaryPrimitives.WriteUInt32BigEndian(request.Slice(9 + Wire.PostBlock.Length + 5), id);
            }

            id += 2;
        }
    }

    /// <summary>Answers like the sample server; counts answers and any that ran away from the measuring thread.</summary>
    public sealed class Responder : Ht2SessionHandler
    {
        private int _thread;

        public int Answered { get; private set; }

        public int OffThread { get; private set; }

        /// <summary>Counts from zero again: the requests answered from now on, and those answered off <paramref name="thread"/>.</summary>
        public void Watch(int thread)
        {
            _thread = thread;
            Answered = 0;
            OffThread = 0;
        }

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            Answered++;
            if (_thread != 0 && Environment.CurrentManagedThreadId != _thread)
            {
                OffThread++;
            }

            stream.SendHeaders(Fields, endStream: false);
            _ = stream.SendDataAsync(Body, endStream: true);
        }
    }
}

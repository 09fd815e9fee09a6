using System.Collections.Generic;
using System.Linq;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>Request field lists and blocks used across the suite.</summary>
public static class Requests
{
    /// <summary>GET / with :method, :scheme, :path, :authority as static-table indexes and one literal.</summary>
    public static byte[] Get => new HeaderBlock().GetRequest().ToArray();

    /// <summary>POST / (static index 3 for :method POST), for requests that carry DATA.</summary>
    public static byte[] Post => new HeaderBlock().Raw(0x83, 0x86, 0x84).LiteralIndexedName(1, "localhost").ToArray();

    /// <summary>GET / with an uppercase field name: malformed (§8.2.1), a stream PROTOCOL_ERROR for each one sent.</summary>
    public static byte[] MalformedGet => new HeaderBlock().GetRequest().Literal("x-Upper", "1").ToArray();

    /// <summary>The pseudo-header fields of GET / as name/value pairs, for tests that edit them.</summary>
    public static (string Name, string Value)[] GetFields(params (string Name, string Value)[] extra) =>
        [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "localhost"), .. extra];

    /// <summary>The same fields as <see cref="GetFields"/> with every field named <paramref name="name"/> removed.</summary>
    public static (string Name, string Value)[] Without(string name) => GetFields().Where(f => f.Name != name).ToArray();

    /// <summary>The fields with the value of every field named <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public static (string Name, string Value)[] Replace(this (string Name, string Value)[] fields, string name, string value) =>
        fields.Select(f => f.Name == name ? (f.Name, value) : f).ToArray();

    /// <summary>A block of the given fields, literal without indexing.</summary>
    public static byte[] Block(IEnumerable<(string Name, string Value)> fields) => HeaderBlock.Of(fields.ToArray());
}

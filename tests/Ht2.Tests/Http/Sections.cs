using System;
using System.Text;

namespace Ht2.Tests.Http;

/// <summary>Runs hand-written header sections through <see cref="HttpFieldValidator"/>.</summary>
internal static class Sections
{
    /// <summary>A request every rule accepts; tests change one thing in it.</summary>
    public static readonly (string Name, string Value)[] ValidRequest =
    {
        (":method", "GET"), (":scheme", "https"), (":authority", "example.com"), (":path", "/index.html"),
        ("accept", "*/*"),
    };

    /// <summary>Validates a request section that ends the stream; returns the reason or null.</summary>
    public static string? Request(params (string Name, string Value)[] fields) =>
        Check(HttpBlockKind.Request, endStream: true, extendedConnect: false, fields);

    /// <summary>Validates a request section with extended CONNECT enabled, not ending the stream.</summary>
    public static string? ExtendedConnect(params (string Name, string Value)[] fields) =>
        Check(HttpBlockKind.Request, endStream: false, extendedConnect: true, fields);

    /// <summary>Validates a final response section that does not end the stream.</summary>
    public static string? Response(params (string Name, string Value)[] fields) =>
        Check(HttpBlockKind.Response, endStream: false, extendedConnect: false, fields);

    /// <summary>Validates a trailer section that ends the stream.</summary>
    public static string? Trailers(params (string Name, string Value)[] fields) =>
        Check(HttpBlockKind.Trailers, endStream: true, extendedConnect: false, fields);

    /// <summary>The valid request with <paramref name="extra"/> appended as regular fields.</summary>
    public static string? RequestWith(params (string Name, string Value)[] extra)
    {
        (string, string)[] fields = new (string, string)[ValidRequest.Length + extra.Length];
        ValidRequest.CopyTo(fields, 0);
        extra.CopyTo(fields, ValidRequest.Length);
        return Request(fields);
    }

    /// <summary>Runs <paramref name="fields"/> (Latin-1, so "\u0080" is the byte 0x80) and completes the section.</summary>
    public static string? Check(HttpBlockKind kind, bool endStream, bool extendedConnect, (string Name, string Value)[] fields) =>
        Run(kind, endStream, extendedConnect, fields).Error;

    /// <summary>Like <see cref="Check"/>, returning the validator for its properties.</summary>
    public static HttpFieldValidator Run(HttpBlockKind kind, bool endStream, bool extendedConnect, (string Name, string Value)[] fields)
    {
        HttpFieldValidator validator = new(kind, extendedConnect);
        foreach ((string name, string value) in fields)
        {
            validator.Add(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value));
        }

        string? result = validator.Complete(endStream);
        Assert.Equal(result, validator.Error);
        Assert.Equal(fields.Length, validator.FieldCount);
        return validator;
    }
}

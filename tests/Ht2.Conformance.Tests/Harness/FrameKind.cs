namespace Ht2.Conformance.Tests.Harness;

/// <summary>RFC 9113 §6 frame type codes.</summary>
public static class FrameKind
{
    public const byte Data = 0x0;
    public const byte Headers = 0x1;
    public const byte Priority = 0x2;
    public const byte RstStream = 0x3;
    public const byte Settings = 0x4;
    public const byte PushPromise = 0x5;
    public const byte Ping = 0x6;
    public const byte GoAway = 0x7;
    public const byte WindowUpdate = 0x8;
    public const byte Continuation = 0x9;

    /// <summary>A type no RFC defines, for the "unknown types are ignored" rules (RFC 9113 §4.1, §5.5).</summary>
    public const byte Unknown = 0xF7;

    /// <summary>A readable name for failure messages.</summary>
    public static string Name(byte type) => type switch
    {
        Data => "DATA",
        Headers => "HEADERS",
        Priority => "PRIORITY",
        RstStream => "RST_STREAM",
        Settings => "SETTINGS",
        PushPromise => "PUSH_PROMISE",
        Ping => "PING",
        GoAway => "GOAWAY",
        WindowUpdate => "WINDOW_UPDATE",
        Continuation => "CONTINUATION",
        _ => $"type 0x{type:x2}",
    };
}

/// <summary>RFC 9113 §6 flag bits.</summary>
public static class FrameFlag
{
    public const byte None = 0x0;
    public const byte EndStream = 0x1;
    public const byte Ack = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Padded = 0x8;
    public const byte Priority = 0x20;
}

/// <summary>RFC 9113 §6.5.2 setting identifiers.</summary>
public static class SettingId
{
    public const ushort HeaderTableSize = 0x1;
    public const ushort EnablePush = 0x2;
    public const ushort MaxConcurrentStreams = 0x3;
    public const ushort InitialWindowSize = 0x4;
    public const ushort MaxFrameSize = 0x5;
    public const ushort MaxHeaderListSize = 0x6;

    /// <summary>RFC 8441 §3.</summary>
    public const ushort EnableConnectProtocol = 0x8;
}

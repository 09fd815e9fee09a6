namespace Ht2;

/// <summary>The SETTINGS parameters of RFC 9113 §6.5.2. Unknown identifiers are legal and ignored.</summary>
public enum SettingsParameter : ushort
{
    /// <summary>SETTINGS_HEADER_TABLE_SIZE.</summary>
    HeaderTableSize = 0x1,
    /// <summary>SETTINGS_ENABLE_PUSH (0 or 1).</summary>
    EnablePush = 0x2,
    /// <summary>SETTINGS_MAX_CONCURRENT_STREAMS.</summary>
    MaxConcurrentStreams = 0x3,
    /// <summary>SETTINGS_INITIAL_WINDOW_SIZE (at most 2^31-1).</summary>
    InitialWindowSize = 0x4,
    /// <summary>SETTINGS_MAX_FRAME_SIZE (16384..16777215).</summary>
    MaxFrameSize = 0x5,
    /// <summary>SETTINGS_MAX_HEADER_LIST_SIZE.</summary>
    MaxHeaderListSize = 0x6,
    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441).</summary>
    EnableConnectProtocol = 0x8,
    /// <summary>SETTINGS_NO_RFC7540_PRIORITIES (RFC 9218).</summary>
    NoRfc7540Priorities = 0x9,
}

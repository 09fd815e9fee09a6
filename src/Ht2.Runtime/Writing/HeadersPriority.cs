namespace Ht2;

/// <summary>The RFC 9113 §6.2 priority fields a HEADERS frame carries when its PRIORITY flag is set (deprecated, still legal).</summary>
/// <param name="StreamDependency">The stream this one depends on (31 bits).</param>
/// <param name="Weight">The weight minus one (0..255).</param>
/// <param name="Exclusive">The exclusive bit.</param>
public readonly record struct HeadersPriority(uint StreamDependency, byte Weight, bool Exclusive);

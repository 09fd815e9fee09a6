namespace Ht2;

/// <summary>One SETTINGS parameter and its value (RFC 9113 §6.5.1).</summary>
/// <param name="Parameter">The identifier; unknown identifiers are legal.</param>
/// <param name="Value">The 32-bit value.</param>
public readonly record struct SettingsEntry(SettingsParameter Parameter, uint Value)
{
    /// <summary>The size of one entry on the wire.</summary>
    public const int Size = 6;
}

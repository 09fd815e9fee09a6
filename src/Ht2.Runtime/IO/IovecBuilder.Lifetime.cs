namespace Ht2;

public ref partial struct IovecBuilder
{
    /// <summary>
    /// Empties the batch for reuse: unpins referenced payloads and returns staging chunks, keeping the grown
    /// bookkeeping arrays. Entries handed out earlier become invalid.
    /// </summary>
    public void Clear() => _arena.Clear();

    /// <summary>Releases every pin and pooled buffer and resets the builder to <c>default</c>.</summary>
    public void Dispose()
    {
        _arena.Dispose();
        this = default;
    }
}

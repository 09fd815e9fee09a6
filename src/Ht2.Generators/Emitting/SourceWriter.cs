using System;
using System.Text;

namespace Ht2.Generators.Emitting;

/// <summary>
/// Builds C# text with four-space indentation. <see cref="Line"/> indents every line of a multi-line string,
/// <see cref="Block"/> opens a brace and closes it when disposed, so emitters never balance braces by hand.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes <paramref name="text"/>, each of its lines at the current indentation; blank lines stay empty.</summary>
    public SourceWriter Line(string text = "")
    {
        foreach (string line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length > 0)
            {
                _text.Append(' ', _indent * 4);
                _text.Append(line);
            }

            _text.Append('\n');
        }

        return this;
    }

    /// <summary>Writes <paramref name="header"/> (when not null) and an opening brace; the closing brace comes on dispose.</summary>
    public BlockScope Block(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return new BlockScope(this);
    }

    /// <summary>Writes <c>if (condition) { body }</c> followed by a blank line.</summary>
    public void If(string condition, string body)
    {
        using (Block($"if ({condition})"))
        {
            Line(body);
        }

        Line();
    }

    public override string ToString() => _text.ToString();

    private void Close()
    {
        _indent--;
        Line("}");
    }

    /// <summary>Closes the block it was returned for.</summary>
    public readonly struct BlockScope : IDisposable
    {
        private readonly SourceWriter _writer;

        public BlockScope(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer.Close();
    }
}

using System.Text;
using Spectre.Console;

namespace Antigravity.Cli;

/// <summary>
/// A table drawn with borders on a terminal, and written as plain text elsewhere: one line per row, columns aligned with
/// spaces, never wrapped, no colour, lines inside a cell joined with "; " (issue 18, item 11).
/// </summary>
internal sealed class CliTable(params string[] columns)
{
    private readonly List<Cell[]> _rows = [];

    /// <summary>Shown under an empty table on a terminal.</summary>
    public string? EmptyCaption { get; init; }

    public CliTable AddRow(params Cell[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public void Write(CliEnvironment environment)
    {
        if (environment.IsTerminal)
        {
            environment.Out.Write(Drawn());
        }
        else
        {
            environment.Out.Profile.Out.Writer.Write(Plain());
        }
    }

    private Table Drawn()
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns(columns);
        foreach (var row in _rows)
        {
            table.AddRow(row.Select(c => c.Style is null ? Markup.Escape(c.Text) : $"[{c.Style}]{Markup.Escape(c.Text)}[/]").ToArray());
        }

        if (_rows.Count == 0 && EmptyCaption is not null)
        {
            table.Caption(Markup.Escape(EmptyCaption));
        }

        return table;
    }

    private string Plain()
    {
        var lines = new List<string[]> { columns };
        lines.AddRange(_rows.Select(r => r.Select(c => c.Text.ReplaceLineEndings("; ")).ToArray()));
        var widths = Enumerable.Range(0, columns.Length).Select(i => lines.Max(l => i < l.Length ? l[i].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(string.Concat(line.Select((cell, i) => cell.PadRight(widths[i] + 2))).TrimEnd()).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>A table cell: plain text and, on a terminal, a Spectre style (<c>green</c>, <c>red</c>).</summary>
internal readonly record struct Cell(string Text, string? Style = null)
{
    public static implicit operator Cell(string text) => new(text);
}

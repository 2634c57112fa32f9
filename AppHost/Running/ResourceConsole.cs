using Spectre.Console;

namespace Antigravity.AppHost.Running;

/// <summary>
/// The AppHost's console: resource logs streamed line by line with a coloured per-resource prefix, AppHost messages,
/// and the resource table (printed when everything is up and whenever a resource changes state, so it never fights
/// with the log stream the way a live-redrawn table would).
/// </summary>
internal sealed class ResourceConsole
{
    private static readonly string[] s_colours = ["aqua", "green", "yellow", "fuchsia", "blue", "orange1", "lime", "violet", "teal", "gold1"];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _colourByResource = [];
    private readonly List<ResourceStatus> _rows = [];
    private int _prefixWidth = 12;

    public ResourceConsole()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 200;
        }
    }

    public IReadOnlyList<ResourceStatus> Rows
    {
        get
        {
            lock (_lock)
            {
                return [.. _rows];
            }
        }
    }

    public ResourceStatus Add(string name, string type)
    {
        lock (_lock)
        {
            var row = new ResourceStatus(name, type);
            _rows.Add(row);
            _colourByResource[name] = s_colours[(_rows.Count - 1) % s_colours.Length];
            _prefixWidth = Math.Max(_prefixWidth, name.Length);
            return row;
        }
    }

    public void Log(string resource, string line, bool isError)
    {
        lock (_lock)
        {
            var colour = _colourByResource.GetValueOrDefault(resource, "grey");
            AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(resource.PadRight(_prefixWidth))}[/] {(isError ? "[red]![/]" : "|")} {Markup.Escape(line)}");
        }
    }

    public void Info(string message) => Write("[bold]apphost[/]", Markup.Escape(message));

    public void Warn(string message) => Write("[bold yellow]apphost[/]", $"[yellow]{Markup.Escape(message)}[/]");

    public void Error(string message) => Write("[bold red]apphost[/]", $"[red]{Markup.Escape(message)}[/]");

    /// <summary>Already-marked-up text (the banner).</summary>
    public void WriteMarkup(string markup)
    {
        lock (_lock)
        {
            AnsiConsole.MarkupLine(markup);
        }
    }

    public void WriteTable()
    {
        lock (_lock)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]Resources[/]")
                .AddColumns("Resource", "Type", "State", "Health", "URL", "PID");
            foreach (var row in _rows)
            {
                table.AddRow(
                    Markup.Escape(row.Name),
                    row.Type,
                    StateMarkup(row),
                    row.State == ResourceState.Running ? (row.Healthy ? "[green]Healthy[/]" : "[yellow]Unhealthy[/]") : "",
                    Markup.Escape(row.Url ?? ""),
                    row.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            AnsiConsole.Write(table);
        }
    }

    private void Write(string prefix, string markup)
    {
        lock (_lock)
        {
            AnsiConsole.MarkupLine($"{prefix} {markup}");
        }
    }

    private static string StateMarkup(ResourceStatus row)
    {
        var detail = row.Detail is null ? "" : $" ({Markup.Escape(row.Detail)})";
        return row.State switch
        {
            ResourceState.Running => "[green]Running[/]",
            ResourceState.Exited => $"[red]Exited{detail}[/]",
            ResourceState.FailedToStart => $"[red]FailedToStart{detail}[/]",
            ResourceState.External => "[blue]External[/]",
            var s => $"[grey]{s}{detail}[/]",
        };
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary><c>usage export</c>: usage for a period as CSV (issue 20), to standard output or a file.</summary>
internal static class UsageCommands
{
    public static Command Create(CliContext context)
    {
        var usage = new Command("usage", "Usage statistics");
        usage.Subcommands.Add(Export(context));
        return usage;
    }

    private static Command Export(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "The first UTC day, YYYY-MM-DD", Required = true };
        var to = new Option<string>("--to") { Description = "The last UTC day, YYYY-MM-DD (included; at most 366 days in all)", Required = true };
        var by = new Option<string>("--by") { Description = "One row per day and key, user, team or model", DefaultValueFactory = _ => "key" };
        by.AcceptOnlyFromAmong("key", "user", "team", "model");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the CSV to this file (default: standard output)" };
        var command = new Command("export", "Usage for a period as CSV (RFC 4180, UTF-8, a header row): one row per UTC day and key, user, team or model")
        {
            from, to, by, output,
        };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var (first, last) = (Day(parse.GetValue(from), "--from"), Day(parse.GetValue(to), "--to"));
            var dimension = parse.GetValue(by)!;
            if (parse.GetValue(output) is { } file)
            {
                // Into a temporary file first: a refused export (a bad range) leaves no empty file behind.
                var partial = file.FullName + ".partial";
                await using (var stream = File.Create(partial))
                {
                    await client.ExportUsageCsvAsync(first, last, dimension, stream, ct);
                }

                File.Move(partial, file.FullName, overwrite: true);
                var rows = File.ReadLines(file.FullName).Count() - 1;
                context.Console.MarkupLineInterpolated($"[green]Wrote[/] {rows} rows of usage by {dimension} ({first:yyyy-MM-dd} to {last:yyyy-MM-dd}) to {file.FullName}");
                return 0;
            }

            using var buffer = new MemoryStream();
            await client.ExportUsageCsvAsync(first, last, dimension, buffer, ct);
            // Raw, as `keys list --json` writes: the console's writer, never Spectre's markup or wrapping.
            await context.Console.Profile.Out.Writer.WriteAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            return 0;
        }));
        return command;
    }

    private static DateOnly Day(string? value, string option) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new CliException($"{option} must be a day as YYYY-MM-DD (got '{value}').");
}

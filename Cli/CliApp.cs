using System.CommandLine;
using Antigravity.AdminClient;
using Antigravity.Cli.Commands;
using Spectre.Console;

namespace Antigravity.Cli;

/// <summary>
/// <c>antigravity</c>: the operator's command line over AccountService's admin API. <c>--url</c> (or <c>ANTIGRAVITY_URL</c>) and
/// <c>--admin-key</c> (or <c>ANTIGRAVITY_ADMIN_KEY</c>, or <c>Admin__ApiKey</c>) name the service and its credential.
/// </summary>
public static class CliApp
{
    public const string DefaultUrl = "http://localhost:18081";

    /// <summary>Runs one command line; the console and input are parameters so tests run it in-process.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextReader input, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        var url = new Option<string>("--url")
        {
            Description = "AccountService base URL (env ANTIGRAVITY_URL)",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ANTIGRAVITY_URL") is { Length: > 0 } u ? u : DefaultUrl,
        };
        var adminKey = new Option<string?>("--admin-key")
        {
            Description = "The admin credential (env ANTIGRAVITY_ADMIN_KEY or Admin__ApiKey)",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ANTIGRAVITY_ADMIN_KEY") ?? Environment.GetEnvironmentVariable("Admin__ApiKey"),
        };
        var context = new CliContext(console, input, parse =>
        {
            var key = parse.GetValue(adminKey);
            if (string.IsNullOrEmpty(key))
            {
                throw new CliException("No admin key: pass --admin-key or set ANTIGRAVITY_ADMIN_KEY.");
            }

            return Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var baseUrl)
                ? AdminApiClient.Create(baseUrl, key, handler)
                : throw new CliException($"Not a URL: {parse.GetValue(url)}");
        });

        var root = new RootCommand("Antigravity Gateway administration: Google accounts, client API keys, model groups.");
        root.Options.Add(url);
        root.Options.Add(adminKey);
        root.Subcommands.Add(AccountsCommands.Create(context));
        root.Subcommands.Add(KeysCommands.Create(context));
        root.Subcommands.Add(GroupsCommands.Create(context));
        root.Subcommands.Add(AliasesCommands.Create(context));

        var writer = new ConsoleWriter(console);
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = writer, Error = writer }, cancellationToken);
    }
}

/// <summary>What every command needs: the console, standard input, and a client built from the global options.</summary>
internal sealed class CliContext(IAnsiConsole console, TextReader input, Func<ParseResult, AdminApiClient> clientFactory)
{
    public IAnsiConsole Console { get; } = console;

    public TextReader Input { get; } = input;

    /// <summary>Wraps a command body: builds the client, turns API and CLI errors into a red line and exit code 1.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, AdminApiClient, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            try
            {
                return await body(parse, clientFactory(parse), cancellationToken);
            }
            catch (Exception e) when (e is AdminApiException or CliException or HttpRequestException or FormatException or IOException)
            {
                Console.MarkupLineInterpolated($"[red]Error:[/] {e.Message}");
                return 1;
            }
        };
}

/// <summary>A user error with a message to print.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>Routes System.CommandLine's help and parse errors to the Spectre console (so tests capture them too).</summary>
internal sealed class ConsoleWriter(IAnsiConsole console) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
{
    public override void Write(char value) => console.Write(value.ToString());

    public override void Write(string? value) => console.Write(value ?? "");

    public override void WriteLine(string? value) => console.WriteLine(value ?? "");
}

using System.CommandLine;
using System.CommandLine.Help;
using Antigravity.AdminClient;
using Antigravity.Cli.Commands;

namespace Antigravity.Cli;

/// <summary>
/// <c>antigravity</c>: the operator's command line over AccountService's admin API. <c>--url</c> (or <c>ANTIGRAVITY_URL</c>) and
/// <c>--admin-key</c> (or <c>ANTIGRAVITY_ADMIN_KEY</c>, or <c>Admin__ApiKey</c>) name the service and its credential.
/// </summary>
public static class CliApp
{
    public const string DefaultUrl = "http://localhost:18081";

    /// <summary>Runs one command line; the console, input and environment are parameters so tests run it in-process.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = new Option<string>("--url")
        {
            Description = "AccountService's admin API, the 'admin API' URL that ./run.sh prints (not the panel's or the gateway's URL). Env ANTIGRAVITY_URL",
            Recursive = true,
            DefaultValueFactory = _ => environment.Variable("ANTIGRAVITY_URL") is { Length: > 0 } u ? u : DefaultUrl,
        };

        // No DefaultValueFactory: help prints a default's value, and this one is a secret (issue 18, item 2).
        var adminKey = new Option<string?>("--admin-key")
        {
            Description = "The admin credential. Default: env ANTIGRAVITY_ADMIN_KEY or Admin__ApiKey (never printed)",
            Recursive = true,
        };
        var context = new CliContext(environment, parse => parse.GetValue(url) ?? DefaultUrl, (parse, baseUrl) =>
        {
            var key = parse.GetValue(adminKey) is { Length: > 0 } given ? given
                : environment.Variable("ANTIGRAVITY_ADMIN_KEY") is { Length: > 0 } set ? set
                : environment.Variable("Admin__ApiKey");
            if (string.IsNullOrEmpty(key))
            {
                throw new CliException("No admin key: pass --admin-key or set ANTIGRAVITY_ADMIN_KEY.");
            }

            return Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? AdminApiClient.Create(uri, key, handler)
                : throw new CliException($"Not a URL: {baseUrl}");
        });

        var root = new RootCommand("Antigravity Gateway administration: Google accounts, client API keys, users and teams, model groups and aliases, browser executors, usage exports, "
            + "through AccountService's admin API (--url).");
        root.Options.Add(url);
        root.Options.Add(adminKey);
        root.Subcommands.Add(AccountsCommands.Create(context));
        root.Subcommands.Add(KeysCommands.Create(context));
        root.Subcommands.Add(UsersCommands.Create(context));
        root.Subcommands.Add(TeamsCommands.Create(context));
        root.Subcommands.Add(GroupsCommands.Create(context));
        root.Subcommands.Add(AliasesCommands.Create(context));
        root.Subcommands.Add(ExecutorsCommands.Create(context));
        root.Subcommands.Add(UsageCommands.Create(context));
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction action)
            {
                action.MaxWidth = environment.Width;
            }
        }

        // System.CommandLine writes straight to the console's own writers: a wrapper over Spectre lost its line breaks,
        // because StringWriter's other Write overloads (the ones WriteLine() uses) went to its buffer instead (item 3).
        var invocation = new InvocationConfiguration { Output = environment.Out.Profile.Out.Writer, Error = environment.Error.Profile.Out.Writer };
        return await root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }
}

using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using Antigravity.AdminClient;
using Spectre.Console;

namespace Antigravity.Cli;

/// <summary>What every command needs: the environment, and a client built from the global options.</summary>
internal sealed class CliContext(CliEnvironment environment, Func<ParseResult, string> urlOf, Func<ParseResult, string, AdminApiClient> clientFactory)
{
    private const string WhatUrlNames =
        "--url (or ANTIGRAVITY_URL) names AccountService's admin API: pass the admin API URL that ./run.sh prints, not the panel's or the gateway's.";

    public CliEnvironment Environment { get; } = environment;

    public IAnsiConsole Console => Environment.Out;

    public TextReader Input => Environment.Input;

    /// <summary>Wraps a command body: builds the client, turns API and CLI errors into a red line and exit code 1.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, AdminApiClient, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            var url = urlOf(parse);
            try
            {
                return await body(parse, clientFactory(parse, url), cancellationToken);
            }
            catch (AdminApiException e) when (e.WrongService)
            {
                Fail($"{url} answered {e.Message}: it is not AccountService's admin API. {WhatUrlNames}");
            }
            catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
            {
                Fail($"Nothing answers at {url} ({e.Message}). Is the cluster running (./run.sh)? {WhatUrlNames}");
            }
            catch (Exception e) when (e is AdminApiException or CliException or HttpRequestException or FormatException or IOException)
            {
                Fail(e.Message);
            }

            return 1;
        };

    /// <summary>Prints <paramref name="value"/> as JSON on standard output, raw (never wrapped).</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> type) =>
        Console.Profile.Out.Writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(value, type));

    /// <summary>A warning on standard error, so pipes get only the data.</summary>
    public void Warn(string message) => Environment.Error.MarkupLineInterpolated($"[yellow]Warning:[/] {message}");

    private void Fail(string message) => Environment.Error.MarkupLineInterpolated($"[red]Error:[/] {message}");
}

/// <summary>A user error with a message to print.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>Options several commands share.</summary>
internal static class CliOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table" };
}

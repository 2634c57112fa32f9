using System.Text;
using Antigravity.Cli;

namespace Antigravity.AccountService.Tests.Infrastructure;

/// <summary>Runs the CLI in-process with its standard output and error captured, and an environment of the test's own.</summary>
internal static class CliHarness
{
    public static CliEnvironment Environment(
        TextWriter output, TextWriter? error = null, TextReader? input = null, bool terminal = false, IReadOnlyDictionary<string, string>? variables = null) =>
        CliEnvironment.Create(output, error ?? output, input ?? TextReader.Null, terminal, name => variables?.GetValueOrDefault(name),
            terminalWidth: 120, terminalAnsi: terminal);

    public static async Task<CliResult> RunAsync(string[] args, bool terminal = false, IReadOnlyDictionary<string, string>? variables = null)
    {
        var output = new SharedWriter();
        var error = new SharedWriter();
        var exit = await CliApp.RunAsync(args, Environment(output, error, terminal: terminal, variables: variables), TestContext.Current.CancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int Exit, string Output, string Error)
{
    public string[] Lines => Output.Split('\n');
}

/// <summary>Captures what the CLI prints while the test reads it from another thread.</summary>
internal sealed class SharedWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}

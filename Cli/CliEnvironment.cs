using Spectre.Console;

namespace Antigravity.Cli;

/// <summary>
/// Where the CLI writes and what the environment says about it. On a terminal, tables are drawn to the terminal's width
/// (or <c>COLUMNS</c>); elsewhere (a pipe, a file) output is plain, uncoloured text that is never wrapped unless
/// <c>COLUMNS</c> asks for a width. <c>NO_COLOR</c> turns colour off everywhere (https://no-color.org).
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>A width that never wraps: Spectre needs a number, and no line the CLI prints comes near it.</summary>
    private const int Unwrapped = 1 << 20;

    public required IAnsiConsole Out { get; init; }

    /// <summary>Errors and warnings, so a pipe reading standard output only ever gets the data.</summary>
    public required IAnsiConsole Error { get; init; }

    public required TextReader Input { get; init; }

    /// <summary>Standard output is a terminal: draw tables; otherwise write plain aligned text.</summary>
    public required bool IsTerminal { get; init; }

    /// <summary>The width help and drawn tables wrap at.</summary>
    public required int Width { get; init; }

    /// <summary>Reads an environment variable (the process's, or a test's).</summary>
    public required Func<string, string?> Variable { get; init; }

    /// <summary>The process's console, standard streams and environment.</summary>
    public static CliEnvironment FromProcess() => Create(
        System.Console.Out, System.Console.Error, System.Console.In, !System.Console.IsOutputRedirected, Environment.GetEnvironmentVariable,
        errorIsTerminal: !System.Console.IsErrorRedirected);

    /// <param name="terminalWidth">The terminal's width when <paramref name="isTerminal"/> (default: what Spectre detects).</param>
    /// <param name="terminalAnsi">Whether the terminal takes ANSI sequences (default: detected).</param>
    public static CliEnvironment Create(
        TextWriter output, TextWriter error, TextReader input, bool isTerminal, Func<string, string?> variable,
        bool errorIsTerminal = false, int? terminalWidth = null, bool? terminalAnsi = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var noColor = variable("NO_COLOR") is { Length: > 0 };
        int? columns = int.TryParse(variable("COLUMNS"), out var c) && c > 0 ? c : null;
        var console = CreateConsole(output, isTerminal, noColor, terminalAnsi);
        var width = columns ?? (isTerminal ? terminalWidth ?? console.Profile.Width : Unwrapped);
        console.Profile.Width = width;
        var errorConsole = CreateConsole(error, errorIsTerminal, noColor, terminalAnsi);
        errorConsole.Profile.Width = columns ?? (errorIsTerminal ? errorConsole.Profile.Width : Unwrapped);
        return new CliEnvironment { Out = console, Error = errorConsole, Input = input, IsTerminal = isTerminal, Width = width, Variable = variable };
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool isTerminal, bool noColor, bool? ansi) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = !isTerminal ? AnsiSupport.No : ansi switch { true => AnsiSupport.Yes, false => AnsiSupport.No, null => AnsiSupport.Detect },
        ColorSystem = isTerminal && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });
}

using System.Text.RegularExpressions;
using Antigravity.AccountService.Tests.Infrastructure;

namespace Antigravity.AccountService.Tests;

/// <summary>The CLI's help as text (issue 18, items 2, 3 and 7): no service is needed to print it.</summary>
public sealed partial class CliHelpTests
{
    private const string Secret = "admin-key-that-must-stay-secret-0123";

    [Theory]
    [InlineData("--help")]
    [InlineData("keys create --help")]
    [InlineData("accounts list --help")]
    [InlineData("groups set --help")]
    public async Task Help_WithTheAdminKeyInTheEnvironment_NeverPrintsIt(string command)
    {
        var result = await CliHarness.RunAsync(command.Split(' '), variables: new Dictionary<string, string> { ["ANTIGRAVITY_ADMIN_KEY"] = Secret, ["Admin__ApiKey"] = Secret });

        Assert.Equal(0, result.Exit);
        Assert.Contains("--admin-key", result.Output);
        Assert.DoesNotContain(Secret, result.Output + result.Error);
    }

    [Fact]
    public async Task Help_Piped_PutsEachOptionOnALineOfItsOwnAndNeverWraps()
    {
        var result = await CliHarness.RunAsync(["keys", "create", "--help"]);

        var lines = result.Lines.Select(l => l.Trim()).ToList();
        Assert.Contains("Usage:", lines);
        Assert.Contains(lines, l => l.StartsWith("--name <name> (REQUIRED)", StringComparison.Ordinal) && l.EndsWith("What the key is for", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("--owner <owner>", StringComparison.Ordinal) && l.EndsWith("Who holds it", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("--url <url>", StringComparison.Ordinal) && l.Length > 120 && l.EndsWith("[default: http://localhost:18081]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_OnATerminal_WrapsAtColumns()
    {
        var result = await CliHarness.RunAsync(["keys", "create", "--help"], terminal: true, variables: new Dictionary<string, string> { ["COLUMNS"] = "60" });

        Assert.Equal(0, result.Exit);
        Assert.All(result.Lines, l => Assert.True(Visible(l).Length <= 60, $"longer than 60 columns: {l}"));
        Assert.Contains(result.Lines, l => l.TrimStart().StartsWith("--owner <owner>", StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.TrimStart().StartsWith("--url <url>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_SaysWhichServiceTheUrlNames()
    {
        var result = await CliHarness.RunAsync(["--help"]);

        var url = Assert.Single(result.Lines, l => l.TrimStart().StartsWith("--url", StringComparison.Ordinal));
        Assert.Contains("AccountService's admin API", url);
        Assert.Contains("./run.sh prints", url);
    }

    private static string Visible(string line) => AnsiSequence().Replace(line, "");

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiSequence();
}

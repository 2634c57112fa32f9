using System.Text;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.Cli;
using Spectre.Console;

namespace Antigravity.AccountService.Tests;

public sealed class CliTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    [Fact]
    public async Task Cli_AddsByBrowserSignIn_ListsAndRemovesTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = cluster.NewGoogleAccount("cli");

        // accounts add: prints the URL and waits; the "browser" opens it and lands on the service's callback.
        var addOutput = new SharedWriter();
        var add = RunAsync(addOutput, TextReader.Null, "accounts", "add", "--login-hint", email);
        var url = await WaitForAsync(() => addOutput.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("http", StringComparison.Ordinal) && l.Contains("code_challenge", StringComparison.Ordinal)), ct);
        using (var browser = new HttpClient())
        {
            (await browser.GetAsync(url, ct)).EnsureSuccessStatusCode();
        }

        Assert.Equal(0, await add.WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Contains($"Added {email}", addOutput.ToString());

        var listOutput = new SharedWriter();
        Assert.Equal(0, await RunAsync(listOutput, TextReader.Null, "accounts", "list"));
        Assert.Contains(email, listOutput.ToString());
        Assert.Contains("active", listOutput.ToString());
        var id = (await cluster.Admin().ListAccountsAsync(ct)).Single(a => a.Email == email).Id;

        var removeOutput = new SharedWriter();
        Assert.Equal(0, await RunAsync(removeOutput, TextReader.Null, "accounts", "remove", id));
        Assert.Contains($"Removed {id}", removeOutput.ToString());
        var after = new SharedWriter();
        Assert.Equal(0, await RunAsync(after, TextReader.Null, "accounts", "list"));
        Assert.DoesNotContain(email, after.ToString());
    }

    [Fact]
    public async Task Cli_AddWithPastedRedirectUrl_CompletesTheSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, _) = cluster.NewGoogleAccount("clipaste");
        var output = new SharedWriter();
        var input = new PasteReader();

        var add = RunAsync(output, input, "accounts", "add", "--login-hint", email, "--redirect-uri", "http://localhost:51121/oauth-callback");
        var url = await WaitForAsync(() => output.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("code_challenge", StringComparison.Ordinal)), ct);
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            using var consent = await browser.GetAsync(url, ct);
            input.Paste(consent.Headers.Location!.ToString());
        }

        Assert.Equal(0, await add.WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Contains($"Added {email}", output.ToString());
    }

    [Fact]
    public async Task Cli_WrongAdminKey_FailsWithAClearMessage()
    {
        var output = new SharedWriter();

        var exit = await CliApp.RunAsync(["accounts", "list", "--url", cluster.Urls[0], "--admin-key", "wrong-key"], Console(output), TextReader.Null, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains("admin key is wrong", output.ToString());
    }

    [Fact]
    public async Task Cli_KeysCreateListRevoke_ShowsTheKeyOnce()
    {
        var created = new SharedWriter();
        Assert.Equal(0, await RunAsync(created, TextReader.Null, "keys", "create", "--name", "cli-key", "--owner", "ops", "--rpm", "60"));
        var key = created.ToString().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("ag-", StringComparison.Ordinal));
        var id = key.Split('-')[1];

        var listed = new SharedWriter();
        Assert.Equal(0, await RunAsync(listed, TextReader.Null, "keys", "list"));
        Assert.Contains("cli-key", listed.ToString());
        Assert.Contains("60 rpm", listed.ToString());
        Assert.DoesNotContain(key, listed.ToString());

        Assert.Equal(0, await RunAsync(new SharedWriter(), TextReader.Null, "keys", "revoke", id));
        Assert.True((await cluster.Admin().GetApiKeyAsync(id, TestContext.Current.CancellationToken)).Disabled);
    }

    private Task<int> RunAsync(SharedWriter output, TextReader input, params string[] args) =>
        CliApp.RunAsync([.. args, "--url", cluster.Urls[0], "--admin-key", AccountServiceCluster.AdminKey], Console(output), input, TestContext.Current.CancellationToken);

    private static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        return console;
    }

    private static async Task<string> WaitForAsync(Func<string?> probe, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        string? value;
        while ((value = probe()) is null)
        {
            await Task.Delay(50, timeout.Token);
        }

        return value;
    }

    /// <summary>Captures what the CLI prints while the test reads it from another thread.</summary>
    private sealed class SharedWriter : TextWriter
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

    /// <summary>Standard input where the operator pastes a line later.</summary>
    private sealed class PasteReader : TextReader
    {
        private readonly TaskCompletionSource<string> _line = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _done;

        public void Paste(string line) => _line.TrySetResult(line);

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            if (_done)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            _done = true;
            return await _line.Task.WaitAsync(cancellationToken);
        }
    }
}

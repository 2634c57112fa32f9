using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient.Accounts;

namespace Antigravity.AccountService.Tests;

public sealed class ImportExportTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    [Fact]
    public async Task Import_OlderProxyFilesThenExport_TokensOnlyWhenAskedFor()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = cluster.Admin();
        var (email1, refresh1) = cluster.NewGoogleAccount("old1");
        var (email2, refresh2) = cluster.NewGoogleAccount("old2");
        var files = new[]
        {
            $$"""{"type":"antigravity","email":"{{email1}}","access_token":"ya29.old","refresh_token":"{{refresh1}}","project_id":"proj-one","expired":"2020-01-01T00:00:00Z"}""",
            $$$"""{"id":"x","email":"{{{email2}}}","token":{"access_token":"ya29.old2","refresh_token":"{{{refresh2}}}|proj-two","expiry_timestamp":1577836800}}""",
        };
        var parsed = files.SelectMany(AccountFileParser.Parse).ToList();
        Assert.Equal(["proj-one", "proj-two"], parsed.Select(p => p.ProjectId));

        var result = await admin.ImportAccountsAsync(new ImportAccountsRequest { Accounts = parsed, Verify = true }, ct);

        Assert.Equal(2, result.Added);
        Assert.Equal(0, result.Failed);
        var plain = await admin.ExportAccountsAsync(includeRefreshTokens: false, ct);
        Assert.False(plain.IncludesRefreshTokens);
        Assert.All(plain.Accounts, a => Assert.Null(a.RefreshToken));
        var full = await admin.ExportAccountsAsync(includeRefreshTokens: true, ct);
        Assert.True(full.IncludesRefreshTokens);
        Assert.Contains("refresh tokens", full.Notice);
        Assert.Contains(full.Accounts, a => a.Email == email1 && a.RefreshToken == refresh1);

        // The export is importable again (into the same pool: it updates).
        var again = await admin.ImportAccountsAsync(new ImportAccountsRequest { Accounts = AccountFileParser.Parse(System.Text.Json.JsonSerializer.Serialize(full, Antigravity.AdminClient.AdminJsonContext.Default.AccountExport)) }, ct);
        Assert.Equal(full.Accounts.Count, again.Updated);
    }

    [Fact]
    public async Task Import_RevokedToken_WithVerify_ReportsFailureAndAddsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, refresh) = cluster.NewGoogleAccount("oldrevoked");
        cluster.Simulator.State.RevokeRefreshTokens(email);

        var result = await cluster.Admin().ImportAccountsAsync(new ImportAccountsRequest { Accounts = [new ImportedAccount { RefreshToken = refresh, Email = email }], Verify = true }, ct);

        var outcome = Assert.Single(result.Results);
        Assert.Equal("failed", outcome.Outcome);
        Assert.Contains("invalid_grant", outcome.Error);
        Assert.DoesNotContain(await cluster.Admin().ListAccountsAsync(ct), a => a.Email == email);
    }
}

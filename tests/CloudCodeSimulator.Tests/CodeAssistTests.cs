using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Accounts;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

public sealed class CodeAssistTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task LoadCodeAssist_PaidAccount_ReturnsPaidTierWithCreditsAndProject()
    {
        var host = fixture.Fresh();
        var token = host.State.MintAccessToken("demo2@example.com").AccessToken;

        var (status, body) = await host.CallAsync("/v1internal:loadCodeAssist", JsonNode.Parse("""{"metadata":{"ideType":"ANTIGRAVITY"}}""")!, token);

        Assert.Equal(200, status);
        Assert.Equal("free-tier", (string?)body!["currentTier"]!["id"]);
        Assert.Equal("g1-pro-tier", (string?)body["paidTier"]!["id"]);
        Assert.Equal("1000", (string?)body["paidTier"]!["availableCredits"]![0]!["creditAmount"]);
        Assert.Equal("rising-fact-p41fc", (string?)body["cloudaicompanionProject"]);
        Assert.True((bool?)body["allowedTiers"]![0]!["isDefault"]);
    }

    [Fact]
    public async Task LoadCodeAssist_ProjectAsObjectAndValidationRequired_ObjectProjectAndIneligibleTier()
    {
        var host = fixture.Fresh();
        host.State.UpdateAccount("demo3@example.com", new AccountPatch { ValidationRequired = true });
        var token = host.State.MintAccessToken("demo3@example.com").AccessToken;

        var (_, body) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject(), token);

        Assert.Equal("quiet-river-7c2d1", (string?)body!["cloudaicompanionProject"]!["id"]);
        Assert.Equal("VALIDATION_REQUIRED", (string?)body["ineligibleTiers"]![0]!["reasonCode"]);
        Assert.NotNull(body["ineligibleTiers"]![0]!["validationUrl"]);
    }

    [Fact]
    public async Task OnboardUser_AccountWithoutProject_OperationCompletesAfterPollsAndProjectIsUsable()
    {
        var host = fixture.Fresh();
        host.State.CreateAccount(new AccountSpec { Email = "new@example.com", Onboarded = false, OnboardPolls = 2 });
        var token = host.State.MintAccessToken("new@example.com").AccessToken;
        var (_, before) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject(), token);
        var onboard = JsonNode.Parse("""{"tierId":"free-tier","metadata":{"ideType":"ANTIGRAVITY","platform":"LINUX_AMD64","pluginType":"GEMINI"}}""")!;

        var (_, first) = await host.CallAsync("/v1internal:onboardUser", onboard, token);
        var (_, second) = await host.CallAsync("/v1internal:onboardUser", onboard, token);
        var name = (string)first!["name"]!;
        using var poll = new HttpRequestMessage(HttpMethod.Get, "/v1internal/" + name);
        poll.Headers.Authorization = new("Bearer", token);
        using var pollResponse = await host.Http.SendAsync(poll, TestContext.Current.CancellationToken);
        var done = JsonNode.Parse(await pollResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var (_, after) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject(), token);

        Assert.Null(before!["cloudaicompanionProject"]);
        Assert.Null(before["currentTier"]);
        Assert.False((bool)first["done"]!);
        Assert.False((bool)second!["done"]!);
        Assert.True((bool)done["done"]!);
        var project = (string)done["response"]!["cloudaicompanionProject"]!["id"]!;
        Assert.Equal(project, (string?)after!["cloudaicompanionProject"]);
        var (status, _) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-3-flash", UserText("hi"), project), token);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task OnboardUser_FreeTierWithProject_FailedPrecondition()
    {
        var host = fixture.Fresh();
        host.State.CreateAccount(new AccountSpec { Email = "new@example.com", Onboarded = false });
        var token = host.State.MintAccessToken("new@example.com").AccessToken;

        var (status, body) = await host.CallAsync("/v1internal:onboardUser",
            JsonNode.Parse("""{"tierId":"free-tier","cloudaicompanionProject":"my-project","metadata":{}}""")!, token);

        Assert.Equal(400, status);
        Assert.Equal("FAILED_PRECONDITION", (string?)body!["error"]!["status"]);
    }

    [Fact]
    public async Task OnboardUser_PaidTierId_InvalidArgument()
    {
        var host = fixture.Fresh();

        var (status, body) = await host.CallAsync("/v1internal:onboardUser", JsonNode.Parse("""{"tierId":"g1-pro-tier","metadata":{}}""")!);

        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)body!["error"]!["status"]);
    }

    [Fact]
    public async Task Generate_AccountNotOnboarded_PermissionDenied()
    {
        var host = fixture.Fresh();
        host.State.CreateAccount(new AccountSpec { Email = "new@example.com", Onboarded = false });
        var token = host.State.MintAccessToken("new@example.com").AccessToken;

        var (status, body) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-3-flash", UserText("hi"), project: null), token);

        Assert.Equal(403, status);
        Assert.Equal("PERMISSION_DENIED", (string?)body!["error"]!["status"]);
    }

    [Fact]
    public async Task Generate_ForeignProject_PermissionDeniedOnThatResource()
    {
        var host = fixture.Fresh();

        var (status, body) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-3-flash", UserText("hi"), "someone-elses-project"));

        Assert.Equal(403, status);
        Assert.Contains("projects/someone-elses-project", (string?)body!["error"]!["message"]);
    }
}

using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Faults;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

public sealed class FaultTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    private const string Model = "gemini-3.1-flash-image";

    [Theory]
    [InlineData("RATE_LIMIT_EXCEEDED", 429, "RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED")]
    [InlineData("QUOTA_EXHAUSTED", 429, "RESOURCE_EXHAUSTED", "QUOTA_EXHAUSTED")]
    [InlineData("MODEL_CAPACITY_EXHAUSTED", 503, "UNAVAILABLE", "MODEL_CAPACITY_EXHAUSTED")]
    [InlineData("INSUFFICIENT_G1_CREDITS_BALANCE", 429, "RESOURCE_EXHAUSTED", "INSUFFICIENT_G1_CREDITS_BALANCE")]
    [InlineData("VALIDATION_REQUIRED", 403, "PERMISSION_DENIED", "VALIDATION_REQUIRED")]
    [InlineData("TOS_VIOLATION", 403, "PERMISSION_DENIED", "TOS_VIOLATION")]
    [InlineData("PERMISSION_DENIED", 403, "PERMISSION_DENIED", "IAM_PERMISSION_DENIED")]
    [InlineData("RESOURCE_EXHAUSTED", 429, "RESOURCE_EXHAUSTED", null)]
    [InlineData("INTERNAL", 500, "INTERNAL", null)]
    [InlineData("UNAVAILABLE", 503, "UNAVAILABLE", null)]
    [InlineData("UNAUTHENTICATED", 401, "UNAUTHENTICATED", null)]
    [InlineData("NOT_FOUND", 404, "NOT_FOUND", null)]
    public async Task QueuedFault_NextGeneration_FailsOnceWithUpstreamBody(string reason, int status, string rpcStatus, string? errorInfoReason)
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = reason });

        var (failed, body) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("hi")));
        var (next, _) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("hi")));

        Assert.Equal(status, failed);
        Assert.Equal(status, (int)body!["error"]!["code"]!);
        Assert.Equal(rpcStatus, (string?)body["error"]!["status"]);
        var details = body["error"]!["details"]?.AsArray();
        if (errorInfoReason is null)
        {
            Assert.Null(details);
        }
        else
        {
            Assert.Equal(errorInfoReason, (string?)details![0]!["reason"]);
        }
        Assert.Equal(200, next);
    }

    [Fact]
    public async Task RateLimitFault_CarriesRetryInfoAndRetryAfter()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "RATE_LIMIT_EXCEEDED", RetryDelaySeconds = 2.5, RetryAfterHeader = true });

        using var response = await host.PostAsync("/v1internal:generateContent", Envelope(Model, UserText("hi")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal("3", response.Headers.RetryAfter?.ToString());
        var details = body["error"]!["details"]!;
        Assert.Equal("2.5s", (string?)details[0]!["metadata"]!["quotaResetDelay"]);
        Assert.Equal("type.googleapis.com/google.rpc.RetryInfo", (string?)details[1]!["@type"]);
        Assert.Equal("2.5s", (string?)details[1]!["retryDelay"]);
    }

    [Fact]
    public async Task QuotaExhaustedFault_DefaultBody_MatchesUpstreamExample()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED" });

        var resetAt = (host.Time.GetUtcNow() + TimeSpan.FromSeconds(6236.1)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (_, body) = await host.CallAsync("/v1internal:streamGenerateContent?alt=sse", Envelope(Model, UserText("hi")));

        var error = body!["error"]!;
        Assert.Equal("You have exhausted your capacity on this model. Your quota will reset after 1h43m56s.", (string?)error["message"]);
        var metadata = error["details"]![0]!["metadata"]!;
        Assert.Equal("1h43m56.1s", (string?)metadata["quotaResetDelay"]);
        Assert.Equal(resetAt, (string?)metadata["quotaResetTimeStamp"]);
        Assert.Equal(Model, (string?)metadata["model"]);
        Assert.Equal("6236.1s", (string?)error["details"]![1]!["retryDelay"]);
    }

    [Fact]
    public async Task HostFault_OnlyThatPrefixFails_OtherHostServes()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "MODEL_CAPACITY_EXHAUSTED", Host = "daily", Count = -1, Method = "*" });

        var (daily, _) = await host.CallAsync("/daily/v1internal:generateContent", Envelope(Model, UserText("hi")));
        var (dailyModels, _) = await host.CallAsync("/daily/v1internal:fetchAvailableModels", new JsonObject());
        var (prod, _) = await host.CallAsync("/prod/v1internal:generateContent", Envelope(Model, UserText("hi")));
        var (none, _) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("hi")));

        Assert.Equal(503, daily);
        Assert.Equal(503, dailyModels);
        Assert.Equal(200, prod);
        Assert.Equal(200, none);
        Assert.Single(host.State.PendingFaults());
    }

    [Fact]
    public async Task AccountAndModelFilters_OnlyMatchingRequestsFail()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "INTERNAL", Account = "demo2@example.com", Count = 2 });
        host.State.EnqueueFault(new FaultSpec { Reason = "INTERNAL", Model = "claude-sonnet-4-6" });

        var (otherAccount, _) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("hi")));
        var (matchingModel, _) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", UserText("hi")));

        Assert.Equal(200, otherAccount);
        Assert.Equal(500, matchingModel);
        Assert.Equal(2, Assert.Single(host.State.PendingFaults()).Count);
    }

    [Fact]
    public async Task EmptyStreamFault_200WithoutContentParts()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "EMPTY_STREAM" });

        var (status, events, _) = await host.StreamAsync(Envelope("claude-sonnet-4-6", UserText("hi")));

        Assert.Equal(200, status);
        var candidate = Assert.Single(events)["response"]!["candidates"]![0]!;
        Assert.Null(candidate["content"]!["parts"]);
    }

    [Fact]
    public async Task TruncatedStreamFault_EndsWithoutFinishReasonOrFinalUsage()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "TRUNCATED_STREAM" });

        var (status, events, _) = await host.StreamAsync(Envelope("claude-sonnet-4-6", UserText("[[words:40]]")));

        Assert.Equal(200, status);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Null(e["response"]!["candidates"]![0]!["finishReason"]));
        Assert.All(events.Skip(1), e => Assert.Null(e["response"]!["usageMetadata"]));
        Assert.Null(events[0]["response"]!["usageMetadata"]!["candidatesTokenCount"]);
    }

    [Fact]
    public async Task StalledStreamFault_SendsHalfTheStreamThenStaysSilentWithTheConnectionOpen()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "STALLED_STREAM" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1internal:streamGenerateContent?alt=sse")
        {
            Content = new StringContent(Envelope("claude-sonnet-4-6", UserText("[[words:40]]")).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", host.Token);

        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var first = await reader.ReadLineAsync(TestContext.Current.CancellationToken) ?? "";
        var lines = new List<string>();
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        silence.CancelAfter(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await reader.ReadLineAsync(silence.Token) is { } line)
            {
                lines.Add(line);
            }
        });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("data: ", first);
        Assert.DoesNotContain(lines.Prepend(first), l => l.Contains("finishReason", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BrokenStreamFault_ResetsTheConnectionAfterHalfTheStream()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "BROKEN_STREAM" });

        var failure = await Record.ExceptionAsync(() => host.StreamAsync(Envelope("claude-sonnet-4-6", UserText("[[words:40]]"))));

        Assert.True(failure is HttpRequestException or IOException, failure?.ToString());
    }

    [Fact]
    public async Task SlowFirstByteFault_AnswersNormallyAfterTheDelay()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "SLOW_FIRST_BYTE", DelaySeconds = 0.2 });

        var (status, events, _) = await host.StreamAsync(Envelope("claude-sonnet-4-6", UserText("hi")));

        Assert.Equal(200, status);
        Assert.Equal("STOP", (string?)events[^1]["response"]!["candidates"]![0]!["finishReason"]);
    }

    [Fact]
    public async Task AbortFault_ConnectionDropped()
    {
        var host = fixture.Fresh();
        host.State.EnqueueFault(new FaultSpec { Reason = "ABORT" });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.PostAsync("/v1internal:generateContent", Envelope(Model, UserText("hi"))));
    }

    [Fact]
    public async Task BannedAccount_EveryCallTosViolation()
    {
        var host = fixture.Fresh();
        host.State.UpdateAccount(Demo1, new AccountPatch { Banned = true });

        var (status, body) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject());

        Assert.Equal(403, status);
        Assert.Equal("TOS_VIOLATION", (string?)body!["error"]!["details"]![0]!["reason"]);
        Assert.NotNull(body["error"]!["details"]![0]!["metadata"]!["appeal_url"]);
    }

    [Fact]
    public async Task ValidationRequiredAccount_GenerationForbiddenWithValidationUrl()
    {
        var host = fixture.Fresh();
        host.State.UpdateAccount(Demo1, new AccountPatch { ValidationRequired = true });

        var (status, body) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("hi")));

        Assert.Equal(403, status);
        var info = body!["error"]!["details"]![0]!;
        Assert.Equal("VALIDATION_REQUIRED", (string?)info["reason"]);
        Assert.Equal("cloudcode-pa.googleapis.com", (string?)info["domain"]);
        Assert.StartsWith("https://accounts.google.com/", (string?)info["metadata"]!["validation_url"]);
    }

    [Theory]
    [InlineData("antigravity/1.11.5 darwin/arm64", 400)]
    [InlineData("antigravity/hub/2.9.1 darwin/arm64", 200)]
    [InlineData("antigravity/1.15.8 linux/amd64", 200)]
    public async Task VersionGate_OldClientVersion_NoLongerSupported(string userAgent, int expected)
    {
        var host = fixture.Fresh();
        host.State.MinClientVersion = "1.15.0";

        using var response = await host.PostAsync("/v1internal:generateContent", Envelope(Model, UserText("hi")), userAgent: userAgent);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 400)
        {
            Assert.Equal("This version of Antigravity is no longer supported. Please update to receive the latest features!", (string?)body["error"]!["message"]);
        }
    }
}

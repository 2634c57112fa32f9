using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests.FrontDoors;

/// <summary>Gemini files and cached contents and stored OpenAI responses belong to the key that created them (issue 15):
/// another key gets the API's own answer for a missing object (Google's 403 PERMISSION_DENIED, which does not say whether
/// the object exists; OpenAI's 404), never a listing entry, and the bytes are encrypted at rest.</summary>
public sealed class TenancyTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Secret = "TOP-SECRET-PAYLOAD-7f3a9c";
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task GeminiFile_UploadedWithOneKey_IsNotListedReadUsableOrDeletableWithAnother()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var (owner, other) = (await cluster.CreateApiKeyAsync(), await cluster.CreateApiKeyAsync());
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        var name = await UploadAsync(http, owner, Secret);
        var id = name["files/".Length..];

        var ownList = await SendAsync(http, HttpMethod.Get, "/v1beta/files", owner);
        var otherList = await SendAsync(http, HttpMethod.Get, "/v1beta/files", other);
        var otherGet = await SendAsync(http, HttpMethod.Get, $"/v1beta/files/{id}", other);
        var otherUse = await SendAsync(http, HttpMethod.Post, "/v1beta/models/gemini-3-flash:generateContent", other,
            $$$"""{"contents":[{"role":"user","parts":[{"text":"read it"},{"fileData":{"fileUri":"{{{name}}}","mimeType":"text/plain"}}]}]}""");
        var otherDelete = await SendAsync(http, HttpMethod.Delete, $"/v1beta/files/{id}", other);
        var ownGet = await SendAsync(http, HttpMethod.Get, $"/v1beta/files/{id}", owner);

        Assert.Contains(name, ownList.Body);
        Assert.Equal(HttpStatusCode.OK, otherList.Status);
        Assert.DoesNotContain(name, otherList.Body);
        AssertGoogleRefused(otherGet);
        AssertGoogleRefused(otherDelete);
        AssertGoogleRefused(otherUse);
        Assert.DoesNotContain(cluster.Generations(), r => r.Body?.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)), StringComparison.Ordinal) == true);
        Assert.Equal(HttpStatusCode.OK, ownGet.Status);
    }

    [Fact]
    public async Task CachedContent_CreatedWithOneKey_IsNotListedReadPatchedUsedOrDeletedWithAnother()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var (owner, other) = (await cluster.CreateApiKeyAsync(), await cluster.CreateApiKeyAsync());
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        var created = await SendAsync(http, HttpMethod.Post, "/v1beta/cachedContents", owner,
            $$"""{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"{{Secret}}"}]}]}""");
        var name = JsonNode.Parse(created.Body)!["name"]!.GetValue<string>();
        var id = name["cachedContents/".Length..];

        var ownList = await SendAsync(http, HttpMethod.Get, "/v1beta/cachedContents", owner);
        var otherList = await SendAsync(http, HttpMethod.Get, "/v1beta/cachedContents", other);
        var otherGet = await SendAsync(http, HttpMethod.Get, $"/v1beta/cachedContents/{id}", other);
        var otherPatch = await SendAsync(http, new HttpMethod("PATCH"), $"/v1beta/cachedContents/{id}", other, """{"ttl":"60s"}""");
        var otherUse = await SendAsync(http, HttpMethod.Post, "/v1beta/models/gemini-3-flash:generateContent", other,
            $$"""{"cachedContent":"{{name}}","contents":[{"role":"user","parts":[{"text":"go on"}]}]}""");
        var otherDelete = await SendAsync(http, HttpMethod.Delete, $"/v1beta/cachedContents/{id}", other);
        var ownGet = await SendAsync(http, HttpMethod.Get, $"/v1beta/cachedContents/{id}", owner);

        Assert.Contains(name, ownList.Body);
        Assert.DoesNotContain(name, otherList.Body);
        AssertGoogleRefused(otherGet);
        AssertGoogleRefused(otherPatch);
        AssertGoogleRefused(otherUse);
        AssertGoogleRefused(otherDelete);
        Assert.DoesNotContain(cluster.Generations(), r => r.Body?.Contains(Secret, StringComparison.Ordinal) == true);
        Assert.Equal(HttpStatusCode.OK, ownGet.Status);
    }

    [Fact]
    public async Task StoredResponse_CreatedWithOneKey_IsNotReadContinuedOrDeletedWithAnother()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var (owner, other) = (await cluster.CreateApiKeyAsync(), await cluster.CreateApiKeyAsync());
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        var created = await SendAsync(http, HttpMethod.Post, "/v1/responses", owner, $$"""{"model":"gemini-3-flash","input":"{{Secret}}"}""");
        Assert.True(created.Status == HttpStatusCode.OK, created.Body);
        var id = JsonNode.Parse(created.Body)!["id"]!.GetValue<string>();

        var otherGet = await SendAsync(http, HttpMethod.Get, $"/v1/responses/{id}", other);
        var otherContinue = await SendAsync(http, HttpMethod.Post, "/v1/responses", other, $$"""{"model":"gemini-3-flash","input":"and then?","previous_response_id":"{{id}}"}""");
        var otherDelete = await SendAsync(http, HttpMethod.Delete, $"/v1/responses/{id}", other);
        var ownGet = await SendAsync(http, HttpMethod.Get, $"/v1/responses/{id}", owner);

        AssertOpenAiNotFound(otherGet);
        AssertOpenAiNotFound(otherContinue);
        AssertOpenAiNotFound(otherDelete);
        Assert.Equal(HttpStatusCode.OK, ownGet.Status);
        Assert.Equal(id, JsonNode.Parse(ownGet.Body)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task FilesCachesAndResponses_InRedis_HoldNoPlaintext()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var key = await cluster.CreateApiKeyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        await UploadAsync(http, key, Secret);
        var cache = await SendAsync(http, HttpMethod.Post, "/v1beta/cachedContents", key,
            $$"""{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"{{Secret}}"}]}]}""");
        var response = await SendAsync(http, HttpMethod.Post, "/v1/responses", key, $$"""{"model":"gemini-3-flash","input":"{{Secret}}"}""");
        Assert.Equal(HttpStatusCode.OK, cache.Status);
        Assert.Equal(HttpStatusCode.OK, response.Status);

        using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var db = redis.GetDatabase();
        var values = new List<string>();
        await foreach (var redisKey in TestRedis.KeysAsync(redis, cluster.Prefix + "*"))
        {
            var type = await db.KeyTypeAsync(redisKey);
            if (type == RedisType.String)
            {
                values.Add(Encoding.UTF8.GetString((byte[])(await db.StringGetAsync(redisKey))!));
            }
            else if (type == RedisType.Hash)
            {
                values.AddRange((await db.HashGetAllAsync(redisKey)).Select(e => Encoding.UTF8.GetString((byte[])e.Value!)));
            }
        }

        Assert.NotEmpty(values);
        Assert.DoesNotContain(values, v => v.Contains(Secret, StringComparison.Ordinal));
    }

    private static async Task<string> UploadAsync(HttpClient http, string key, string text)
    {
        var uploaded = await SendAsync(http, HttpMethod.Post, "/upload/v1beta/files", key, text, "text/plain");
        Assert.True(uploaded.Status == HttpStatusCode.OK, uploaded.Body);
        return JsonNode.Parse(uploaded.Body)!["file"]!["name"]!.GetValue<string>();
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, string key, string? body = null, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-goog-api-key", key);
        request.Headers.Authorization = new("Bearer", key);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        using var response = await http.SendAsync(request, s_ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(s_ct));
    }

    private static void AssertGoogleRefused((HttpStatusCode Status, string Body) answer)
    {
        Assert.True(answer.Status == HttpStatusCode.Forbidden, $"{answer.Status}: {answer.Body}");
        var error = JsonNode.Parse(answer.Body)!["error"]!;
        Assert.Equal(403, error["code"]!.GetValue<int>());
        Assert.Equal("PERMISSION_DENIED", error["status"]!.GetValue<string>());
    }

    private static void AssertOpenAiNotFound((HttpStatusCode Status, string Body) answer)
    {
        Assert.True(answer.Status == HttpStatusCode.NotFound, $"{answer.Status}: {answer.Body}");
        var error = JsonNode.Parse(answer.Body)!["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
    }
}

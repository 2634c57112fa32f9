using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.AppHost.Running;

/// <summary>
/// Signs the simulator's demo accounts in through AccountService's admin API (<c>POST /api/accounts</c> with a refresh
/// token), so that with <c>--simulate</c> the cluster serves requests as soon as it is up.
/// </summary>
internal static class DemoAccounts
{
    public static async Task SignInAsync(Uri accountService, string adminApiKey, IEnumerable<string> refreshTokens, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = accountService, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminApiKey);
        foreach (var token in refreshTokens)
        {
            using var response = await http.PostAsJsonAsync("/api/accounts", new AddAccountRequest(token), DemoAccountsJson.Default.AddAccountRequest, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new InvalidOperationException("AccountService has no admin API yet (POST /api/accounts answered 404): demo accounts cannot be signed in");
            }

            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new InvalidOperationException($"signing in demo account {token} failed: {(int)response.StatusCode} {body}");
            }
        }
    }
}

internal sealed record AddAccountRequest(string RefreshToken);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AddAccountRequest))]
internal sealed partial class DemoAccountsJson : JsonSerializerContext;

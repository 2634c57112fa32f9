using System.Globalization;
using System.Text.Json;

namespace Antigravity.AdminClient.Accounts;

/// <summary>
/// Reads account files into <see cref="ImportedAccount"/>s: this service's own export (<see cref="AccountExport"/>), and the
/// JSON files older proxies keep (<c>accounts/*.json</c>): one object with <c>refresh_token</c>/<c>access_token</c>/<c>project_id</c>
/// (optionally nested under <c>token</c>), an array of them, or an object with an <c>accounts</c> array. A refresh token in the
/// <c>token|project|managedProject</c> form (cloudcode.md §6.1) is split.
/// </summary>
public static class AccountFileParser
{
    /// <summary>Parses one file's text; throws <see cref="FormatException"/> with a clear message when nothing usable is in it.</summary>
    public static IReadOnlyList<ImportedAccount> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not JSON: {e.Message}", e);
        }

        using (document)
        {
            var accounts = new List<ImportedAccount>();
            Collect(document.RootElement, accounts);
            return accounts.Count > 0
                ? accounts
                : throw new FormatException("No account with a refresh token found (expected refresh_token/refreshToken, an array of accounts, or an 'accounts' array).");
        }
    }

    private static void Collect(JsonElement element, List<ImportedAccount> accounts)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, accounts);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (element.TryGetProperty("accounts", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            Collect(list, accounts);
            return;
        }

        if (ReadAccount(element) is { } account)
        {
            accounts.Add(account);
        }
    }

    private static ImportedAccount? ReadAccount(JsonElement element)
    {
        var token = element.TryGetProperty("token", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : element;
        var refresh = String(token, "refresh_token", "refreshToken") ?? String(element, "refresh_token", "refreshToken");
        if (string.IsNullOrWhiteSpace(refresh))
        {
            return null;
        }

        var project = String(token, "project_id", "projectId", "managedProjectId") ?? String(element, "project_id", "projectId", "managedProjectId");
        var parts = refresh.Split('|');
        if (parts.Length > 1)
        {
            refresh = parts[0];
            project ??= parts.Skip(1).Reverse().FirstOrDefault(p => p.Length > 0);
        }

        return new ImportedAccount
        {
            RefreshToken = refresh.Trim(),
            Email = String(element, "email") ?? String(token, "email"),
            ProjectId = string.IsNullOrWhiteSpace(project) ? null : project,
            AccessToken = String(token, "access_token", "accessToken") ?? String(element, "access_token", "accessToken"),
            AccessTokenExpiresAt = Expiry(token) ?? Expiry(element),
            Disabled = element.TryGetProperty("disabled", out var d) && d.ValueKind == JsonValueKind.True,
        };
    }

    private static DateTimeOffset? Expiry(JsonElement element)
    {
        foreach (var name in (string[])["expiry_timestamp", "expires_at", "expiresAt", "expired", "expiry"])
        {
            if (!element.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                // Unix seconds or milliseconds.
                return number > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(number);
            }

            if (value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time;
            }
        }

        return null;
    }

    private static string? String(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }
}

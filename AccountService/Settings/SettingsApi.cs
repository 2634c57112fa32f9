using System.Text.Json;
using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.Hosting;
using Antigravity.AccountService.Routing;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.Settings;

/// <summary>Admin API: the gateways' routing settings (<c>/api/settings</c>).</summary>
internal static class SettingsApi
{
    public static RouteGroupBuilder MapSettingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/settings").WithTags("Settings");
        group.MapGet("/", GetAsync);
        group.MapPut("/", PutAsync).WithSummary("Replace the settings; every gateway replica applies them within a second");
        return group;
    }

    private static async Task<Ok<GatewaySettings>> GetAsync(ClusterRedis redis)
    {
        var json = await redis.Database.StringGetAsync(RedisKeys.Settings);
        return TypedResults.Ok(json.HasValue ? JsonSerializer.Deserialize(json.ToString(), ConfigJsonContext.Default.GatewaySettings) ?? new() : new GatewaySettings());
    }

    private static async Task<Results<Ok<GatewaySettings>, ValidationProblem>> PutAsync(GatewaySettings settings, ClusterRedis redis, AccountEvents events)
    {
        var errors = new Dictionary<string, string[]>();
        ModelNames.Validate("defaultModel", settings.DefaultModel, errors);
        if (!Enum.IsDefined(settings.Strategy))
        {
            errors["strategy"] = [$"Must be one of {string.Join(", ", Enum.GetNames<SelectionStrategy>())}."];
        }

        if (!Enum.IsDefined(settings.OpenAiThinkingOutput))
        {
            errors["openAiThinkingOutput"] = [$"Must be one of {string.Join(", ", Enum.GetNames<ThinkingOutputMode>())}."];
        }

        if (settings.MaxConcurrentPerAccount < 0)
        {
            errors["maxConcurrentPerAccount"] = ["Cannot be negative (0 means unlimited)."];
        }

        if (settings.MaxConcurrentPerAccountModel < 0)
        {
            errors["maxConcurrentPerAccountModel"] = ["Cannot be negative (0 means unlimited)."];
        }

        if (settings.MaxWaitBeforeErrorSeconds is < 0 or > 3600)
        {
            errors["maxWaitBeforeErrorSeconds"] = ["Between 0 and 3600."];
        }

        if (settings.ModelMapping is null || settings.ModelMapping.Any(m => string.IsNullOrWhiteSpace(m.Key) || string.IsNullOrWhiteSpace(m.Value)))
        {
            errors["modelMapping"] = ["Model names in the mapping cannot be empty."];
        }

        if (settings.ExecutorModels is null || settings.ExecutorModels.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > 128 || m.Any(char.IsWhiteSpace)))
        {
            errors["executorModels"] = ["Model names cannot be empty, longer than 128 characters or contain spaces."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The settings cannot be saved");
        }

        await redis.Database.StringSetAsync(RedisKeys.Settings, JsonSerializer.Serialize(settings, ConfigJsonContext.Default.GatewaySettings));
        await events.ConfigChangedAsync("settings");
        return TypedResults.Ok(settings);
    }
}

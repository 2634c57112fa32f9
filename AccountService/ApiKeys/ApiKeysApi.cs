using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.Limits;
using Antigravity.AdminClient.ApiKeys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.ApiKeys;

/// <summary>Admin API: client API keys (<c>/api/keys</c>). The key is shown once, at creation.</summary>
internal static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/keys").WithTags("API keys");
        group.MapGet("/", async (ApiKeyStore store) => TypedResults.Ok((await store.ListAsync()).ToList()));
        group.MapPost("/", CreateAsync).WithSummary("Create a key; the response is the only time the key is shown");
        group.MapGet("/{id}", GetAsync);
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Change name, owner, limits or disabled");
        group.MapPost("/{id}/disable", (string id, ApiKeyStore store, AccountEvents events) =>
            UpdateAsync(id, new UpdateApiKeyRequest { Disabled = true }, store, events));
        group.MapPost("/{id}/enable", (string id, ApiKeyStore store, AccountEvents events) =>
            UpdateAsync(id, new UpdateApiKeyRequest { Disabled = false }, store, events));
        group.MapDelete("/{id}", DeleteAsync);
        return group;
    }

    private static async Task<Results<Created<ApiKeyCreated>, ValidationProblem>> CreateAsync(CreateApiKeyRequest request, ApiKeyStore store, AccountEvents events)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["A name is required."];
        }
        else if (request.Name.Length > 100)
        {
            errors["name"] = ["At most 100 characters."];
        }

        LimitValidation.Validate(request.Limits, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The key cannot be created");
        }

        var created = await store.CreateAsync(request.Name.Trim(), request.Owner?.Trim(), request.Limits ?? new ApiKeyLimits());
        await events.ConfigChangedAsync("keys");
        return TypedResults.Created($"/api/keys/{created.ApiKey.Id}", created);
    }

    private static async Task<Results<Ok<ApiKeyInfo>, ProblemHttpResult>> GetAsync(string id, ApiKeyStore store) =>
        await store.GetAsync(id) is { } key ? TypedResults.Ok(key) : KeyNotFound(id);

    private static async Task<Results<Ok<ApiKeyInfo>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, UpdateApiKeyRequest request, ApiKeyStore store, AccountEvents events)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > 100))
        {
            errors["name"] = ["The name cannot be empty or longer than 100 characters."];
        }

        LimitValidation.Validate(request.Limits, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The key cannot be changed");
        }

        if (await store.UpdateAsync(id, request) is not { } updated)
        {
            return KeyNotFound(id);
        }

        await events.ConfigChangedAsync("keys");
        return TypedResults.Ok(updated);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ApiKeyStore store, AccountEvents events)
    {
        if (!await store.DeleteAsync(id))
        {
            return KeyNotFound(id);
        }

        await events.ConfigChangedAsync("keys");
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult KeyNotFound(string id) =>
        Problems.NotFound("API key not found", $"No API key with id '{id}'.");
}

using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.ApiKeys;
using Antigravity.AccountService.Limits;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.Users;

/// <summary>Admin API: users (<c>/api/users</c>), addressed by id or name, and their keys (issue 20).</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/users").WithTags("Users");
        group.MapGet("/", async (UserStore store) => TypedResults.Ok((await store.ListAsync()).ToList()));
        group.MapPost("/", CreateAsync).WithSummary("Create a user, optionally in a team");
        group.MapGet("/{user}", GetAsync);
        group.MapPatch("/{user}", UpdateAsync).WithSummary("Change email, role, team or limits; team \"\" takes her out of her team");
        group.MapDelete("/{user}", DeleteAsync).WithSummary("Delete the user and every key of hers");
        group.MapGet("/{user}/keys", ListKeysAsync);
        group.MapPost("/{user}/keys", CreateKeyAsync).WithSummary("Create a key of the user; the response is the only time the key is shown");
        return group;
    }

    private static async Task<Results<Created<UserInfo>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, UserStore store, UserNames names, AccountEvents events)
    {
        var errors = new Dictionary<string, string[]>();
        UserValidation.Name(request.Name, errors);
        UserValidation.Email(request.Email, errors);
        UserValidation.Role(request.Role, errors);
        UserValidation.MaxKeys(request.MaxKeys, resetAllowed: false, errors);
        LimitValidation.Validate(request.Limits, errors);
        var teamId = request.Team is { Length: > 0 } team ? await names.ResolveTeamAsync(team) : null;
        if (request.Team is { Length: > 0 } && teamId is null)
        {
            errors["team"] = [$"No team '{request.Team}'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The user cannot be created");
        }

        if (await store.CreateAsync(request, teamId) is not { } created)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The name is taken", detail: $"A user named '{request.Name.Trim()}' exists.");
        }

        await events.ConfigChangedAsync("users");
        return TypedResults.Created($"/api/users/{created.Id}", created);
    }

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> GetAsync(string user, UserStore store, UserNames names) =>
        await names.ResolveUserAsync(user) is { } id && await store.GetAsync(id) is { } found ? TypedResults.Ok(found) : UserNotFound(user);

    private static async Task<Results<Ok<UserInfo>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string user, UpdateUserRequest request, UserStore store, UserNames names, AccountEvents events)
    {
        var errors = new Dictionary<string, string[]>();
        UserValidation.Email(request.Email, errors);
        UserValidation.Role(request.Role, errors);
        UserValidation.MaxKeys(request.MaxKeys, resetAllowed: true, errors);
        LimitValidation.Validate(request.Limits, errors);
        var teamId = request.Team is { Length: > 0 } team ? await names.ResolveTeamAsync(team) : request.Team;
        if (request.Team is { Length: > 0 } && teamId is null)
        {
            errors["team"] = [$"No team '{request.Team}'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The user cannot be changed");
        }

        if (await names.ResolveUserAsync(user) is not { } id || await store.UpdateAsync(id, request, teamId) is not { } updated)
        {
            return UserNotFound(user);
        }

        await events.ConfigChangedAsync("users");
        return TypedResults.Ok(updated);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string user, UserStore store, UserNames names, AccountEvents events)
    {
        if (await names.ResolveUserAsync(user) is not { } id || !await store.DeleteAsync(id))
        {
            return UserNotFound(user);
        }

        await events.ConfigChangedAsync("users");
        await events.ConfigChangedAsync("keys");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<ApiKeyInfo>>, ProblemHttpResult>> ListKeysAsync(string user, ApiKeyStore keys, UserNames names) =>
        await names.ResolveUserAsync(user) is { } id ? TypedResults.Ok((await keys.ListForUserAsync(id)).ToList()) : UserNotFound(user);

    private static async Task<Results<Created<ApiKeyCreated>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(
        string user, CreateApiKeyRequest request, ApiKeyStore keys, UserNames names, AccountEvents events)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            errors["name"] = ["A name of at most 100 characters is required."];
        }

        LimitValidation.Validate(request.Limits, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The key cannot be created");
        }

        if (await names.ResolveUserAsync(user) is not { } id)
        {
            return UserNotFound(user);
        }

        var created = await keys.CreateAsync(request.Name.Trim(), null, request.Limits ?? new ApiKeyLimits(), id);
        await events.ConfigChangedAsync("keys");
        return TypedResults.Created($"/api/keys/{created.ApiKey.Id}", created);
    }

    private static ProblemHttpResult UserNotFound(string user) =>
        Problems.NotFound("User not found", $"No user with id or name '{user}'.");
}

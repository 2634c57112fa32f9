using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.ApiKeys;
using Antigravity.AccountService.Limits;
using Antigravity.AccountService.Routing;
using Antigravity.AccountService.Users;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Credentials;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.SelfService;

/// <summary>
/// Self-service (issue 20): the panel's sign-in with one's own key (<c>POST /api/sessions</c>, the admin's alone), and the
/// routes that act for the user the acting headers name (<c>/api/self/…</c>, see <see cref="ActingIdentityMiddleware"/>):
/// her record, her keys (create within the limits her admin set, revoke), and where each model name resolves for her.
/// A key of someone else's is "not found", never "forbidden", so that nothing tells her which ids exist.
/// </summary>
internal static class SelfServiceApi
{
    public static RouteGroupBuilder MapSelfServiceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/sessions", FindKeyHolderAsync).WithTags("Self-service")
            .WithSummary("The panel's sign-in with a client key: who holds it (404 for a key that cannot sign in)");
        var self = routes.MapGroup("/self").WithTags("Self-service").ForActingUser();
        self.MapGet("/", GetAsync).WithSummary("The acting user's own record");
        self.MapGet("/keys", async (ActingUser me, ApiKeyStore keys) => TypedResults.Ok((await keys.ListForUserAsync(me.Id)).ToList()));
        self.MapPost("/keys", CreateKeyAsync).WithSummary("Create a key of one's own, within one's limits; the response is the only time the key is shown");
        self.MapDelete("/keys/{id}", DeleteKeyAsync).WithSummary("Revoke a key of one's own");
        self.MapGet("/models", async (ActingUser me, ClusterRedis redis) =>
                TypedResults.Ok(new SelfModels { Names = await LevelRoutingApi.ResolveEveryNameAsync(redis.Database, me.Id) }))
            .WithSummary("Every model name one can send and where it resolves: one's own, one's team's, then the global ones");
        return self;
    }

    private static async Task<Results<Ok<KeyHolder>, ProblemHttpResult>> FindKeyHolderAsync(KeyHolderRequest request, KeyHolders holders) =>
        await holders.FindAsync(request.Key) is { } session
            ? TypedResults.Ok(session)
            : Problems.NotFound("No session", "No user can sign in with this key.");

    private static async Task<Results<Ok<SelfInfo>, ProblemHttpResult>> GetAsync(ActingUser me, UserStore users, IOptions<SelfServiceOptions> options) =>
        await users.GetAsync(me.Id) is { } user
            ? TypedResults.Ok(new SelfInfo { User = user, MaxKeys = user.MaxKeys ?? options.Value.DefaultMaxKeys })
            : Gone();

    private static async Task<Results<Created<ApiKeyCreated>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(
        ActingUser me, CreateOwnApiKeyRequest request, UserStore users, ApiKeyStore keys, AccountEvents events, IOptions<SelfServiceOptions> options)
    {
        if (await users.GetAsync(me.Id) is not { } user)
        {
            return Gone();
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            errors["name"] = ["A name of at most 100 characters is required."];
        }

        LimitValidation.Validate(request.Limits, errors);
        LimitValidation.WithinUser(request.Limits, user.Limits, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The key cannot be created");
        }

        var maxKeys = user.MaxKeys ?? options.Value.DefaultMaxKeys;
        if (await keys.CreateWithinCapAsync(request.Name.Trim(), request.Limits ?? new ApiKeyLimits(), me.Id, maxKeys) is not { } created)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many keys",
                detail: $"You hold the most keys your admin allows ({maxKeys}). Revoke one first.");
        }

        await events.ConfigChangedAsync("keys");
        return TypedResults.Created($"/api/self/keys/{created.ApiKey.Id}", created);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteKeyAsync(string id, ActingUser me, ApiKeyStore keys, AccountEvents events)
    {
        if ((await keys.GetAsync(id))?.UserId != me.Id || !await keys.DeleteAsync(id))
        {
            return Problems.NotFound("API key not found", $"You hold no API key with id '{id}'.");
        }

        await events.ConfigChangedAsync("keys");
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Gone() => Problems.NotFound("User not found", "The acting user does not exist (any more).");
}

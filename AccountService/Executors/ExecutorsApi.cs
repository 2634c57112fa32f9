using Antigravity.AccountService.Accounts;
using Antigravity.AdminClient.Executors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.Executors;

/// <summary>Admin API: browser executors (docs/executors.md). <c>/api/executors</c> lists the connected ones (the gateways'
/// registry); <c>/api/executor-tokens</c> creates (shown once), lists and revokes the tokens they connect with.</summary>
internal static class ExecutorsApi
{
    public static IEndpointRouteBuilder MapExecutorsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/executors").WithTags("Executors")
            .MapGet("/", async (ExecutorRegistryReader registry) => TypedResults.Ok((await registry.ListAsync()).ToList()))
            .WithSummary("The browser executors connected to the gateways now");

        var tokens = routes.MapGroup("/executor-tokens").WithTags("Executors");
        tokens.MapGet("/", async (ExecutorTokenStore store) => TypedResults.Ok((await store.ListAsync()).ToList()));
        tokens.MapPost("/", CreateAsync).WithSummary("Create an executor token; the response is the only time the token is shown");
        tokens.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke a token: its executors are disconnected and cannot connect again");
        return routes;
    }

    private static async Task<Results<Created<ExecutorTokenCreated>, ValidationProblem>> CreateAsync(CreateExecutorTokenRequest request, ExecutorTokenStore store)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["A name of 1 to 100 characters is required."] },
                title: "The token cannot be created");
        }

        var created = await store.CreateAsync(request.Name.Trim());
        return TypedResults.Created($"/api/executor-tokens/{created.ExecutorToken.Id}", created);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, ExecutorTokenStore store) =>
        await store.RevokeAsync(id)
            ? TypedResults.NoContent()
            : Problems.NotFound("Executor token not found", $"No executor token with id '{id}'.");
}

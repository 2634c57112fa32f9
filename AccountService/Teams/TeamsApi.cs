using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.Limits;
using Antigravity.AccountService.Users;
using Antigravity.AdminClient.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.Teams;

/// <summary>Admin API: teams (<c>/api/teams</c>), addressed by id or name, and their members (issue 20).</summary>
internal static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/teams").WithTags("Teams");
        group.MapGet("/", async (TeamStore store) => TypedResults.Ok((await store.ListAsync()).ToList()));
        group.MapPost("/", CreateAsync).WithSummary("Create a team");
        group.MapGet("/{team}", GetAsync);
        group.MapPatch("/{team}", UpdateAsync).WithSummary("Rename the team or replace its limits");
        group.MapDelete("/{team}", DeleteAsync).WithSummary("Delete the team; its members stay, without a team");
        group.MapPost("/{team}/members", AddMemberAsync).WithSummary("Put a user in the team (out of her previous one)");
        group.MapDelete("/{team}/members/{user}", RemoveMemberAsync);
        return group;
    }

    private static async Task<Results<Created<TeamInfo>, ValidationProblem, ProblemHttpResult>> CreateAsync(CreateTeamRequest request, TeamStore store, AccountEvents events)
    {
        var errors = new Dictionary<string, string[]>();
        UserValidation.Name(request.Name, errors);
        LimitValidation.Validate(request.Limits, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The team cannot be created");
        }

        if (await store.CreateAsync(request) is not { } created)
        {
            return NameTaken(request.Name);
        }

        await events.ConfigChangedAsync("teams");
        return TypedResults.Created($"/api/teams/{created.Id}", created);
    }

    private static async Task<Results<Ok<TeamInfo>, ProblemHttpResult>> GetAsync(string team, TeamStore store, UserNames names) =>
        await names.ResolveTeamAsync(team) is { } id && await store.GetAsync(id) is { } found ? TypedResults.Ok(found) : TeamNotFound(team);

    private static async Task<Results<Ok<TeamInfo>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string team, UpdateTeamRequest request, TeamStore store, UserNames names, AccountEvents events)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Name is not null)
        {
            UserValidation.Name(request.Name, errors);
        }

        LimitValidation.Validate(request.Limits, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The team cannot be changed");
        }

        if (await names.ResolveTeamAsync(team) is not { } id)
        {
            return TeamNotFound(team);
        }

        var (updated, conflict) = await store.UpdateAsync(id, request);
        if (conflict)
        {
            return NameTaken(request.Name!);
        }

        if (updated is null)
        {
            return TeamNotFound(team);
        }

        await events.ConfigChangedAsync("teams");
        return TypedResults.Ok(updated);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string team, TeamStore store, UserNames names, AccountEvents events)
    {
        if (await names.ResolveTeamAsync(team) is not { } id || !await store.DeleteAsync(id))
        {
            return TeamNotFound(team);
        }

        await events.ConfigChangedAsync("teams");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TeamInfo>, ValidationProblem, ProblemHttpResult>> AddMemberAsync(
        string team, AddTeamMemberRequest request, TeamStore teams, UserStore users, UserNames names, AccountEvents events)
    {
        if (string.IsNullOrWhiteSpace(request.User))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["user"] = ["A user id or name is required."] });
        }

        if (await names.ResolveTeamAsync(team) is not { } teamId)
        {
            return TeamNotFound(team);
        }

        if (await names.ResolveUserAsync(request.User) is not { } userId)
        {
            return Problems.NotFound("User not found", $"No user with id or name '{request.User}'.");
        }

        await users.SetTeamAsync(userId, teamId);
        await events.ConfigChangedAsync("teams");
        return await teams.GetAsync(teamId) is { } updated ? TypedResults.Ok(updated) : TeamNotFound(team);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        string team, string user, UserStore users, UserNames names, AccountEvents events)
    {
        if (await names.ResolveTeamAsync(team) is not { } teamId)
        {
            return TeamNotFound(team);
        }

        if (await names.ResolveUserAsync(user) is not { } userId || (await users.GetAsync(userId))?.TeamId != teamId)
        {
            return Problems.NotFound("Not a member", $"No user '{user}' in team '{team}'.");
        }

        await users.SetTeamAsync(userId, null);
        await events.ConfigChangedAsync("teams");
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NameTaken(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The name is taken", detail: $"A team named '{name.Trim()}' exists.");

    private static ProblemHttpResult TeamNotFound(string team) =>
        Problems.NotFound("Team not found", $"No team with id or name '{team}'.");
}

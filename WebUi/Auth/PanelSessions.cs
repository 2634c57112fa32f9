using System.Net;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState.Credentials;

namespace Antigravity.WebUi.Auth;

/// <summary>
/// AccountService's view of a panel session (issue 20): who holds a client key, at sign-in, and whether a signed-in user
/// still exists with the same role, while she is signed in. Its calls carry the admin credential and name the user
/// explicitly: they run before a session exists or outside any page, where <see cref="Clients.ActingUserHandler"/> has no user.
/// </summary>
internal sealed class PanelSessions(HttpClient http)
{
    /// <summary>The holder of a usable client key; null for any key that cannot sign in.</summary>
    public async Task<KeyHolder?> FindAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await new AdminApiClient(http).FindKeyHolderAsync(key, cancellationToken);
        }
        catch (AdminApiException e) when (e.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>True while the user exists with <paramref name="role"/>; false once she was deleted or her role changed;
    /// null when AccountService could not say (the backends refuse a stale session's calls anyway).</summary>
    public async Task<bool?> IsCurrentAsync(string userId, string role, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/self");
        request.Headers.Add(ActingUser.UserHeader, userId);
        request.Headers.Add(ActingUser.RoleHeader, role);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => true,
                HttpStatusCode.Forbidden or HttpStatusCode.NotFound => false,
                _ => null,
            };
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}

using Antigravity.AdminClient.SignIn;

namespace Antigravity.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary>Starts a Google sign-in; open <see cref="SignInStarted.AuthorizationUrl"/> in a browser.</summary>
    public Task<SignInStarted> StartSignInAsync(StartSignInRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/signin", request, Json.StartSignInRequest, Json.SignInStarted, cancellationToken);

    /// <summary>Completes a sign-in with the pasted redirect URL (or code and state).</summary>
    public Task<SignInStatus> CompleteSignInAsync(CompleteSignInRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/signin/complete", request, Json.CompleteSignInRequest, Json.SignInStatus, cancellationToken);

    public Task<SignInStatus> GetSignInAsync(string state, CancellationToken cancellationToken = default) =>
        GetAsync($"api/signin/{Segment(state)}", Json.SignInStatus, cancellationToken);

    /// <summary>Polls until the sign-in completed or failed (the browser came back to the service's callback).</summary>
    public async Task<SignInStatus> WaitForSignInAsync(string state, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = await GetSignInAsync(state, cancellationToken).ConfigureAwait(false);
            if (status.Status != SignInState.Pending)
            {
                return status;
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }
}

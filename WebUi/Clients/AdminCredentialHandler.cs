using System.Net.Http.Headers;
using Antigravity.ClusterState.Credentials;
using Microsoft.Extensions.Options;

namespace Antigravity.WebUi.Clients;

/// <summary>Adds the admin bearer credential to calls to AccountService and QuotaWorker; it never reaches the browser.</summary>
internal sealed class AdminCredentialHandler(IOptionsMonitor<AdminOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.CurrentValue.ApiKey);
        return base.SendAsync(request, cancellationToken);
    }
}

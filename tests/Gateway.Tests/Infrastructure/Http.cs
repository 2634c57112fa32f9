using System.Net;

namespace Antigravity.Gateway.Tests.Infrastructure;

public static class Http
{
    /// <summary>Asserts 200 and shows the body when it is not.</summary>
    public static async Task AssertOkAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Fail($"Expected 200, got {(int)response.StatusCode}: {body}");
        }
    }
}

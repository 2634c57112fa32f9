using System.Net;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Tests.Upstream;

public sealed class UpstreamTextTests
{
    [Theory]
    [InlineData("Permission denied on resource project bright-lamp-4kx2.", "bright-lamp-4kx2", "Permission denied on resource project")]
    [InlineData("Cloud Code Private API has not been used in project 123456789012 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/cloudcode-pa.googleapis.com/overview?project=123456789012 then retry.",
        "123456789012", "has not been used in project")]
    [InlineData("Quota exceeded for quota metric 'Generate requests' of service 'cloudcode-pa.googleapis.com' for consumer 'project_number:98765432'.", "98765432", "Quota exceeded")]
    [InlineData("Caller does not have required permission to use project projects/useful-fuze-4xd2n/locations/global.", "useful-fuze-4xd2n", "does not have required permission")]
    [InlineData("The caller demo1@example.com does not have permission.", "demo1@example.com", "does not have permission")]
    [InlineData("Consumer 'projects/my-proj' has been suspended.", "my-proj", "has been suspended")]
    public void Scrub_DropsProjectAndAccountIdentifiers_KeepsTheMeaning(string message, string identifier, string meaning)
    {
        var scrubbed = UpstreamText.Scrub(message);

        Assert.DoesNotContain(identifier, scrubbed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(meaning, scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Request contains an invalid argument.")]
    [InlineData("max_tokens: 300000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-6")]
    [InlineData("Please check the project settings and retry after 3s.")]
    public void Scrub_TextWithoutIdentifiers_IsUnchanged(string message) =>
        Assert.Equal(message, UpstreamText.Scrub(message));

    [Fact]
    public void ClientMessage_OfAFailureFromAnAccount_DropsThatAccountsProjectAnywhere()
    {
        var failure = UpstreamFailure.Classify(HttpStatusCode.BadRequest,
            """{"error":{"code":400,"message":"Tool schema rejected (bright-lamp-4kx2 / global).","status":"INVALID_ARGUMENT"}}""", null) with { Project = "bright-lamp-4kx2" };

        Assert.Equal("Tool schema rejected ([project] / global).", failure.ClientMessage());
        Assert.Contains("bright-lamp-4kx2", failure.Detail(), StringComparison.Ordinal);
    }
}

using Antigravity.ClusterState.Credentials;
using Microsoft.AspNetCore.Http;

namespace Antigravity.ClusterState.Tests;

public sealed class ServiceKeysTests
{
    private const string AdminKey = "test-admin-key-0123456789abcdef";
    private const string InternalKey = "test-internal-key-0123456789";

    [Theory]
    [InlineData(AdminKey, ServiceKeys.AdminRole)]
    [InlineData("test-admin-key-0123456789abcdeF", null)]
    [InlineData("test-admin-key", null)]
    [InlineData("test-admin-key-0123456789abcdef-and-more", null)]
    [InlineData("x", null)]
    [InlineData(InternalKey, ServiceKeys.InternalRole)]
    [InlineData(InternalKey + "x", null)]
    public void RoleOf_ComparesWholeKeysOfAnyLength(string presented, string? role) =>
        Assert.Equal(role, new ServiceKeys(AdminKey, InternalKey).RoleOf(presented));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void RoleOf_WithoutAnInternalKey_RefusesTheInternalKey(string? internalKey)
    {
        var keys = new ServiceKeys(AdminKey, internalKey);

        Assert.Null(keys.RoleOf(InternalKey));
        Assert.Null(keys.RoleOf(""));
        Assert.Equal(ServiceKeys.AdminRole, keys.RoleOf(AdminKey));
    }

    [Theory]
    [InlineData("a", "Bearer b", "a")]
    [InlineData(null, "Bearer b", "b")]
    [InlineData("", "bearer  b ", "b")]
    [InlineData(" a ", null, "a")]
    [InlineData(null, "Basic dXNlcjpwdw==", null)]
    [InlineData(null, "Bearer ", null)]
    [InlineData(null, null, null)]
    public void Presented_TakesXApiKeyThenBearer(string? xApiKey, string? authorization, string? expected)
    {
        var request = new DefaultHttpContext().Request;
        if (xApiKey is not null)
        {
            request.Headers["x-api-key"] = xApiKey;
        }

        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }

        Assert.Equal(expected, ServiceKeys.Presented(request));
    }
}

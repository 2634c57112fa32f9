namespace Antigravity.AccountService.Hosting;

/// <summary>Section <c>Redis</c>.</summary>
internal sealed class RedisOptions
{
    /// <summary>Prefix of every key and channel (tests and several clusters sharing one Redis). Default none.</summary>
    public string KeyPrefix { get; set; } = "";
}

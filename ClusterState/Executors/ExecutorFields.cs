namespace Antigravity.ClusterState.Executors;

/// <summary>Field names of the <see cref="RedisKeys.ExecutorToken"/> hash. The token itself is never stored: only a salted hash.</summary>
public static class ExecutorTokenFields
{
    public const string Id = "id";
    public const string Name = "name";
    /// <summary>The first characters of the token, shown in lists (<c>agx_1a2b3c4d5e…</c>).</summary>
    public const string Prefix = "prefix";
    public const string Salt = "salt";
    public const string Hash = "hash";
    public const string CreatedAt = "createdAt";
    public const string LastUsedAt = "lastUsedAt";
    /// <summary>Unix ms of the revocation; absent while the token is valid. A revoked token stays listed (hello gets 4403).</summary>
    public const string RevokedAt = "revokedAt";
}

/// <summary>Field names of one connected executor's <see cref="RedisKeys.Executor"/> hash (the registry entry).</summary>
public static class ExecutorFields
{
    public const string Id = "id";
    public const string Name = "name";
    public const string TokenId = "tokenId";
    /// <summary>The gateway replica holding the executor's WebSocket (its <c>service.instance.id</c>).</summary>
    public const string Replica = "replica";
    /// <summary>JSON array of the model ids it serves (<c>*</c> for any).</summary>
    public const string Models = "models";
    /// <summary>JSON array of the operations it serves (docs/executors.md).</summary>
    public const string Operations = "operations";
    public const string MaxConcurrency = "maxConcurrency";
    public const string InFlight = "inFlight";
    public const string ConnectedAt = "connectedAt";
    public const string LastPong = "lastPong";
    public const string TasksServed = "tasksServed";
    public const string LastError = "lastError";
    /// <summary>Round-robin turn: the value of <see cref="RedisKeys.ExecutorTurn"/> when it was last chosen (lowest waited longest).</summary>
    public const string Turn = "turn";
    public const string Version = "version";
}

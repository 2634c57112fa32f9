namespace Antigravity.ClusterState;

/// <summary>
/// Every Redis key the cluster uses: its owner (the service that writes it), its shape and its TTL.
/// Nothing is written to Redis under a key that is not built here. Keys that one Lua script touches
/// together share a hash tag (<c>{pool}</c>, <c>{key:&lt;id&gt;}</c>) so the state works on Redis Cluster.
/// A deployment-wide prefix (option <c>Redis:KeyPrefix</c>, applied with <c>IDatabase.WithKeyPrefix</c>)
/// lets several clusters, or parallel tests, share one Redis.
/// </summary>
public static class RedisKeys
{
    // ---- The account pool: one hash slot, so one script can choose among all accounts. ----

    /// <summary>SET of account ids. Owner: AccountService. No TTL.</summary>
    public const string Accounts = "{pool}:accounts";

    /// <summary>HASH of one account (fields in <see cref="Accounts.AccountFields"/>). Owner: AccountService
    /// (tokens, status), Gateway (health, lastUsed). No TTL.</summary>
    public static string Account(string accountId) => $"{{pool}}:account:{accountId}";

    /// <summary>HASH model → <see cref="Accounts.ModelQuota"/> JSON for one account. Owner: QuotaWorker. No TTL (rewritten every scan).</summary>
    public static string Quota(string accountId) => $"{{pool}}:quota:{accountId}";

    /// <summary>HASH model (or <c>*</c> for the whole account) → unix ms until which the account is cooling down.
    /// Owner: Gateway (on rate limits) and QuotaWorker (on exhausted scans, and clearing expired fields). No TTL.</summary>
    public static string Cooldowns(string accountId) => $"{{pool}}:cooldown:{accountId}";

    /// <summary>ZSET lease id → unix ms expiry: the account's in-flight requests. Owner: Gateway. Members expire
    /// by score (a crashed replica leaks nothing); the key has a TTL refreshed on every lease.</summary>
    public static string Leases(string accountId) => $"{{pool}}:leases:{accountId}";

    /// <summary>ZSET lease id → unix ms expiry: the account's in-flight requests for one model (per account×model
    /// concurrency limit). Owner: Gateway. Same expiry rules as <see cref="Leases"/>.</summary>
    public static string ModelLeases(string accountId, string model) => $"{{pool}}:leases:{accountId}:{model}";

    /// <summary>STRING account id a conversation is bound to. Owner: Gateway. TTL: sticky session TTL (default 1 h).</summary>
    public static string Sticky(string sessionKey) => $"{{pool}}:sticky:{sessionKey}";

    /// <summary>STRING integer round-robin cursor. Owner: Gateway. No TTL.</summary>
    public const string RoundRobinCursor = "{pool}:rr";

    // ---- The selection index (issue 14): derived from the account, cooldown and quota keys by the writers in
    // Accounts/PoolWriter.cs, so that choosing an account reads a few candidates, not the whole pool. ----

    /// <summary>SET of the account ids that can serve at all (listed in <see cref="Accounts"/>, status active, not disabled).
    /// Owner: <see cref="Accounts.PoolWriter"/>. No TTL.</summary>
    public const string Serving = "{pool}:serving";

    /// <summary>SET of the models the index covers (every model a scan reported or a request asked for). Owner: PoolWriter.</summary>
    public const string PoolModels = "{pool}:models";

    /// <summary>ZSET account id → turn: the serving accounts that can take <paramref name="model"/> now, least recently
    /// chosen first (an account back from a wait scores 0, ahead of the rest). Owner: PoolWriter; the Gateway's selection
    /// moves the chosen account to the back and brings accounts whose wait is over back in. No TTL.</summary>
    public static string Ready(string model) => $"{{pool}}:ready:{model}";

    /// <summary>ZSET account id → unix ms when the account can take <paramref name="model"/> again (the later of its
    /// cooldowns for the model and for <c>*</c> and its exhausted quota's reset; <c>+inf</c> for an exhausted quota without
    /// a reset time). Owner: PoolWriter. No TTL.</summary>
    public static string Waiting(string model) => $"{{pool}}:waiting:{model}";

    /// <summary>HASH account id → remaining quota fraction (0..1, invariant text) for <paramref name="model"/>, from the last
    /// scan. Owner: QuotaWorker through PoolWriter. No TTL.</summary>
    public static string Remaining(string model) => $"{{pool}}:remaining:{model}";

    /// <summary>HASH account id → unix ms of the quota reset (or <c>-1</c> when unknown) of the accounts whose quota for
    /// <paramref name="model"/> is exhausted. Owner: QuotaWorker through PoolWriter. No TTL.</summary>
    public static string Exhausted(string model) => $"{{pool}}:exhausted:{model}";

    /// <summary>STRING version of the pool's stored shape (<see cref="Accounts.PoolMigration.Version"/>); missing until
    /// <see cref="Accounts.PoolMigration"/> has rewritten data of earlier versions and built the index. No TTL.</summary>
    public const string PoolSchema = "{pool}:schema";

    /// <summary>STRING lock token of the one migration run at a time. Owner: PoolMigration. TTL 60 s; compare-and-delete.</summary>
    public const string PoolMigrationLock = "{pool}:migrating";

    /// <summary>STRING lock token for the single-flight access-token refresh of one account. Owner: AccountService.
    /// TTL: 30 s; released by compare-and-delete.</summary>
    public static string RefreshLock(string accountId) => $"{{pool}}:refresh-lock:{accountId}";

    /// <summary>Pub/sub channel on which the instance holding <see cref="RefreshLock"/> announces the outcome of a refresh
    /// (<c>ok</c> or <c>failed:&lt;status&gt;</c>), so callers waiting on other replicas stop waiting. Owner: AccountService.</summary>
    public static string RefreshDone(string accountId) => $"refresh-done:{accountId}";

    /// <summary>HASH of one pending OAuth sign-in, keyed by its <c>state</c> (PKCE verifier encrypted, redirect URI, outcome).
    /// Owner: AccountService. TTL: 10 min.</summary>
    public static string SignIn(string state) => $"signin:{state}";

    /// <summary>HASH model id → <see cref="Routing.CatalogModel"/> JSON: the union of models across accounts. Owner: QuotaWorker.</summary>
    public const string Catalog = "{pool}:catalog";

    /// <summary>HASH deprecated model id → replacement id (from <c>deprecatedModelIds</c>). Owner: QuotaWorker.</summary>
    public const string ModelForwarding = "{pool}:forwarding";

    /// <summary>STRING scan lease of one account. Owner: QuotaWorker. <c>busy:&lt;token&gt;</c> while a replica scans
    /// (TTL <c>Scanning:LeaseDuration</c>, 60 s), then <c>done</c> for <c>Scanning:Freshness</c> (60 s) so other replicas'
    /// scheduled passes skip it; released by compare-and-set.</summary>
    public static string ScanLease(string accountId) => $"scan-lease:{accountId}";

    // ---- Client API keys: one hash slot per key, so limits are checked and counted in one script. ----

    /// <summary>SET of API key ids. Owner: AccountService.</summary>
    public const string ApiKeys = "apikeys";

    /// <summary>HASH of one API key (fields in <see cref="Keys.ApiKeyFields"/>). Owner: AccountService; Gateway writes lastUsed.</summary>
    public static string ApiKey(string keyId) => $"{{key:{keyId}}}:meta";

    /// <summary>Per-key rate-limit and budget windows (STRING counters; ZSET of in-flight lease ids).
    /// Owner: Gateway. TTL: the window length.</summary>
    public static string ApiKeyWindow(string keyId, string window) => $"{{key:{keyId}}}:{window}";

    // ---- Users and teams (issue 20): records owned by AccountService, used one at a time (no tag). ----

    /// <summary>SET of user ids. Owner: AccountService.</summary>
    public const string Users = "users";

    /// <summary>HASH of one user (fields in <see cref="Users.UserFields"/>: name, email, role, team, limits). Owner: AccountService. No TTL.</summary>
    public static string User(string userId) => $"user:{userId}";

    /// <summary>HASH user name → user id: names are unique, and <c>HSETNX</c> makes "the user of this name" one user even
    /// when several replicas create it at once (the owner migration). Owner: AccountService.</summary>
    public const string UserNames = "user-names";

    /// <summary>SET of the API key ids of one user. Owner: AccountService.</summary>
    public static string UserKeys(string userId) => $"user:{userId}:keys";

    /// <summary>SET of team ids. Owner: AccountService.</summary>
    public const string Teams = "teams";

    /// <summary>HASH of one team (fields in <see cref="Users.UserFields"/>: name, limits). Owner: AccountService. No TTL.</summary>
    public static string Team(string teamId) => $"team:{teamId}";

    /// <summary>HASH team name → team id (unique names). Owner: AccountService.</summary>
    public const string TeamNames = "team-names";

    /// <summary>SET of the user ids in one team. Owner: AccountService.</summary>
    public static string TeamMembers(string teamId) => $"team:{teamId}:members";

    /// <summary>HASH client model name → upstream model: the aliases of one level (<paramref name="level"/> is <c>user:&lt;id&gt;</c>
    /// or <c>team:&lt;id&gt;</c>), resolved before the team's and the global ones (issue 20). Owner: AccountService; the
    /// Gateway caches it until the next <see cref="ConfigChannel"/> reload. Deleted with the user or team.</summary>
    public static string LevelAliases(string level) => $"{level}:aliases";

    /// <summary>HASH group name → <see cref="Routing.ModelGroup"/> JSON: the model groups of one level (<c>user:&lt;id&gt;</c>
    /// or <c>team:&lt;id&gt;</c>), as <see cref="LevelAliases"/>. Owner: AccountService.</summary>
    public static string LevelGroups(string level) => $"{level}:groups";

    /// <summary>STRING version of the users' stored shape (AccountService's <c>UserMigration.Version</c>); missing until the
    /// owner strings of existing keys became users. Owner: AccountService (UserMigration). No TTL.</summary>
    public const string UsersSchema = "users:schema";

    /// <summary>STRING lock token of the one user migration at a time. Owner: UserMigration. TTL 60 s; compare-and-delete.</summary>
    public const string UsersMigrationLock = "users:migrating";

    // ---- Admission (issue 20): one hash slot per admission scope, so that a key, its user and its team are checked and
    // counted in one script. The scope is `team:<id>` for a key whose user is in a team, `user:<id>` for a user without a
    // team, and `key:<id>` for a key without a user (then its records are the key's own {key:<id>} keys above). A level is
    // `key:<id>`, `user:<id>` or `team:<id>`; the limits of a level are a copy that AccountService derives from the
    // records (Users.AdmissionWriter), so that the Gateway reads only one slot. ----

    /// <summary>HASH of one admission level's limits inside <paramref name="scope"/> (for a key also its hash, disabled,
    /// expiry, allowed models; every copy names its <c>scope</c>). The scope's own level is <c>{scope}:meta</c>, so a key
    /// without a user keeps its <see cref="ApiKey"/>. Owner: AccountService (AdmissionWriter); the Gateway writes
    /// <c>lastUsedAt</c> of keys. No TTL.</summary>
    public static string AdmissionLimits(string scope, string level) =>
        scope == level ? $"{{{scope}}}:meta" : $"{{{scope}}}:{level}";

    /// <summary>One admission level's window inside <paramref name="scope"/> (<c>rpm:&lt;minute&gt;</c>, <c>tpm:&lt;minute&gt;</c>,
    /// <c>day:&lt;yyyyMMdd&gt;</c>, <c>month:&lt;yyyyMM&gt;</c> counters; <c>inflight</c> ZSET of leases). For a key without a
    /// user this is <see cref="ApiKeyWindow"/>. Owner: Gateway. TTL: the window length.</summary>
    public static string AdmissionWindow(string scope, string level, string window) =>
        scope == level ? $"{{{scope}}}:{window}" : $"{{{scope}}}:{level}:{window}";

    // ---- Browser executors (docs/executors.md): tokens, and the registry of connected executors. ----

    /// <summary>SET of executor token ids. Owner: AccountService.</summary>
    public const string ExecutorTokens = "executor-tokens";

    /// <summary>HASH of one executor token (fields in <see cref="Executors.ExecutorTokenFields"/>): salt and hash only.
    /// Owner: AccountService; the Gateway writes <c>lastUsedAt</c>. No TTL.</summary>
    public static string ExecutorToken(string tokenId) => $"executor-token:{tokenId}";

    /// <summary>Pub/sub channel: a revoked executor token's id; every gateway replica closes that token's executors (4403).
    /// Owner: AccountService.</summary>
    public const string ExecutorTokenRevokedChannel = "executor-token-revoked";

    /// <summary>ZSET executor id → unix ms of its last pong: the executors in rotation. Owner: the Gateway replica holding the
    /// executor's socket (adds on hello, refreshes on pong, removes on close); the selection script drops members whose last
    /// pong is older than <c>Executors:PongTimeout</c>, so a dead replica's executors leave rotation by themselves. No TTL.</summary>
    public const string ExecutorsLive = "{executors}:live";

    /// <summary>HASH of one connected executor (fields in <see cref="Executors.ExecutorFields"/>). Owner: the replica holding
    /// its socket; the selection script counts <c>inFlight</c> and <c>turn</c>. TTL: 2 × <c>Executors:PongTimeout</c>, refreshed
    /// on every pong.</summary>
    public static string Executor(string executorId) => $"{{executors}}:executor:{executorId}";

    /// <summary>ZSET task id → unix ms its in-flight lease expires: the tasks one executor runs, its load. The origin replica
    /// adds a lease when it chooses the executor and ends it when the request is done; the replica holding the socket ends
    /// it when the executor finishes the task and extends the leases of running tasks on every pong, so a lease whose origin
    /// crashed expires by itself (2 × <c>Executors:PongTimeout</c>). Owner: Gateway. TTL: that of the executor's hash.</summary>
    public static string ExecutorInFlight(string executorId) => $"{{executors}}:inflight:{executorId}";

    /// <summary>STRING integer round-robin counter of executor selection. Owner: Gateway. No TTL.</summary>
    public const string ExecutorTurn = "{executors}:turn";

    /// <summary>Sharded pub/sub channel (<c>SPUBLISH</c>/<c>SSUBSCRIBE</c>, so its receiver count is right on Redis Cluster) of
    /// one gateway replica for executor traffic across replicas: tasks and cancels for the executors it holds, and the
    /// frames of tasks it sent to executors held elsewhere. Owner: Gateway.</summary>
    public static string ExecutorReplicaChannel(string replica) => $"executors:replica:{replica}";

    // ---- Configuration: aliases, groups, settings. Changes are announced on ConfigChannel. ----

    /// <summary>STRING <see cref="Routing.GatewaySettings"/> JSON. Owner: AccountService (admin API).</summary>
    public const string Settings = "config:settings";

    /// <summary>HASH client model name → upstream model. Owner: AccountService.</summary>
    public const string ModelAliases = "config:aliases";

    /// <summary>HASH group name → <see cref="Routing.ModelGroup"/> JSON. Owner: AccountService.</summary>
    public const string ModelGroups = "config:groups";

    /// <summary>Pub/sub channel: a message (the changed area: <c>settings</c>, <c>aliases</c>, <c>groups</c>, <c>keys</c>, <c>accounts</c>) tells every replica to drop its cached copy.</summary>
    public const string ConfigChannel = "config-changed";

    // ---- Gateway working state ----

    /// <summary>STRING thinking signature → family (<c>claude</c>/<c>gemini</c>), and <c>sig:text:&lt;family&gt;:&lt;sha256&gt;</c> → signature,
    /// and <c>sig:tool:&lt;toolUseId&gt;</c> → Gemini thought signature. Owner: Gateway. TTL: 3 h.</summary>
    public static string Signature(string kind, string id) => $"sig:{kind}:{id}";

    // ---- Usage and request log (QuotaWorker) ----

    /// <summary>Prefix of every usage and request-log key. Owner: QuotaWorker; shapes documented in QuotaWorker/Usage.</summary>
    public const string UsagePrefix = "usage:";

    /// <summary>HASH <c>&lt;id&gt;|&lt;metric&gt;</c> (<see cref="UsageField"/>) → integer: one UTC day's usage counters for one
    /// dimension (<c>all</c>, <c>model</c>, <c>account</c>, <c>key</c>). Owner: QuotaWorker (which documents the other usage
    /// keys); AccountService reads the <c>key</c> dimension to list each API key's usage. TTL: QuotaWorker's daily retention.</summary>
    public static string UsageDay(DateTimeOffset at, string dimension) =>
        $"{UsagePrefix}{{stats}}:d:{at.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}:{dimension}";

    /// <summary>STREAM of usage and request-log records (<see cref="Usage.UsageStream"/>). Owner: Gateway (appends, one entry
    /// per request, success or failure), QuotaWorker (consumer group; deletes each entry in the script that counts it).
    /// No TTL: an entry lives until it is counted. In the <c>{stats}</c> slot with the counters it feeds.</summary>
    public const string UsageRecords = UsagePrefix + "{stats}:records";

    /// <summary>The field of one id's metric in a usage counter hash (<see cref="UsageDay"/>).</summary>
    public static string UsageField(string id, string metric) => $"{id}|{metric}";

    // ---- Gateway front doors: Gemini files and cached contents, stored OpenAI responses ----
    // Each object belongs to the client key that created it (issue 15): its keys carry the owner's hash tag, so a lookup
    // with another key builds another key name and finds nothing, a listing is one owner's ZSET, and an owner's objects
    // share a slot on Redis Cluster. The owner is the key id, or "_bootstrap" for the bootstrap key (never a key id:
    // those are hex). Values holding user data are encrypted with the cluster's SecretProtector.

    /// <summary>HASH of one uploaded Gemini file: <c>meta</c> (File resource JSON) and <c>data</c> (the bytes, encrypted).
    /// Owner: Gateway (Gemini Files API). TTL: the file's expiry (default 48 h).</summary>
    public static string GeminiFile(string ownerId, string fileId) => $"{{owner:{ownerId}}}:gemini:file:{fileId}";

    /// <summary>ZSET file id → unix ms expiry: one owner's listing of <see cref="GeminiFile"/>; expired members are pruned
    /// on read. Owner: Gateway. TTL: refreshed to the longest file's expiry.</summary>
    public static string GeminiFiles(string ownerId) => $"{{owner:{ownerId}}}:gemini:files";

    /// <summary>HASH of a resumable upload in progress: <c>meta</c> (requested File JSON), <c>size</c> (declared bytes),
    /// <c>data</c> (bytes received so far, encrypted). Owner: Gateway. TTL: 1 h.</summary>
    public static string GeminiUpload(string ownerId, string uploadId) => $"{{owner:{ownerId}}}:gemini:upload:{uploadId}";

    /// <summary>STRING CachedContent JSON (with its contents), encrypted. Owner: Gateway (Gemini cachedContents API).
    /// TTL: the cache's ttl.</summary>
    public static string GeminiCachedContent(string ownerId, string cacheId) => $"{{owner:{ownerId}}}:gemini:cache:{cacheId}";

    /// <summary>ZSET cache id → unix ms expiry: one owner's listing of <see cref="GeminiCachedContent"/>. Owner: Gateway.
    /// TTL: refreshed to the longest cache's expiry.</summary>
    public static string GeminiCachedContents(string ownerId) => $"{{owner:{ownerId}}}:gemini:caches";

    /// <summary>STRING stored OpenAI Responses-API response (<c>store: true</c>) with the conversation that led to it,
    /// encrypted, for <c>previous_response_id</c> and <c>GET /v1/responses/{id}</c>. Owner: Gateway.
    /// TTL: Gateway:OpenAi:StoredResponseTtl (default 24 h).</summary>
    public static string OpenAiResponse(string ownerId, string responseId) => $"{{owner:{ownerId}}}:openai:response:{responseId}";
}

using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Executors;

/// <summary>
/// This replica's side of the executor fabric: the executors whose sockets it holds, the tasks it sent (to its own
/// executors or to other replicas'), and its sharded Redis pub/sub channel (<see cref="RedisKeys.ExecutorReplicaChannel"/>).
/// A task for an executor held elsewhere is published on that replica's channel; the executor's frames come back on this
/// one, in order (one publisher connection, one ordered subscription). A publish nobody receives (the replica is gone)
/// fails the task at once, so the request moves to another executor. Revoked tokens close their executors (4403); on
/// shutdown every executor leaves rotation, finishes its tasks and is closed with 1001.
/// </summary>
internal sealed class ExecutorHub(
    ClusterRedis redis, ExecutorRegistry registry, ReplicaIdentity replica, IOptions<ExecutorOptions> options,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ExecutorHub> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ExecutorConnection> _local = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecutorTask> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private volatile bool _classicChannels;

    /// <summary>This process's name in the registry and its channel: the replica's name and a random suffix (replicas in
    /// one process, as in the tests, or restarted under the same name, never share a channel).</summary>
    public string Id { get; } = replica.Name + ":" + Ids.Hex(3);

    public ExecutorOptions Options { get; } = options.Value;

    public bool Stopping => _stopping;

    /// <summary>Completes once this replica receives on its channel (an executor may be registered only then).</summary>
    public Task Ready => _subscribed.Task;

    public IReadOnlyCollection<ExecutorConnection> Connections => [.. _local.Values];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = lifetime.ApplicationStopping.Register(() => _ = DrainAsync());
        var subscriber = redis.Subscriber;
        ChannelMessageQueue tasks;
        try
        {
            tasks = await subscriber.SubscribeAsync(ReplicaChannel(Id));
        }
        catch (Exception ex) when (ex is RedisCommandException or RedisServerException)
        {
            // Redis before 7 has no sharded pub/sub. A classic channel's receiver count is right on a single Redis (not on
            // a cluster, which needs Redis 7 for this anyway); every replica shares the Redis, so all make the same choice.
            logger.LogWarning(ex, "This Redis has no sharded pub/sub (Redis 7 or later): executor traffic between replicas uses classic channels, right on a single Redis only");
            _classicChannels = true;
            tasks = await subscriber.SubscribeAsync(ReplicaChannel(Id));
        }

        tasks.OnMessage(message => OnRemote((byte[])message.Message!));
        // A broadcast every replica must hear, whose receiver count nobody reads: a classic channel, which Redis Cluster
        // forwards to every node (a sharded one would reach only the subscribers of its slot's node and needs Redis 7).
        var revoked = await subscriber.SubscribeAsync(redis.Channel(RedisKeys.ExecutorTokenRevokedChannel));
        revoked.OnMessage(message => Revoke(message.Message.ToString()));
        _subscribed.TrySetResult();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            await tasks.UnsubscribeAsync();
            await revoked.UnsubscribeAsync();
        }
    }

    /// <summary>Sends a task to the executor of <paramref name="lease"/>, wherever it is connected.</summary>
    public async Task<ExecutorTask> StartAsync(ExecutorLease lease, string operation, string? model, byte[] request, bool streaming,
        CancellationToken cancellationToken, string? name = null, TaskPaging? paging = null)
    {
        var task = new ExecutorTask(lease.TaskId, lease, streaming, Cancel, t => _pending.TryRemove(t.Id, out _));
        _pending[task.Id] = task;
        var frame = ExecutorMessages.Task(task.Id, operation, model, request, name, paging);
        if (lease.Replica == Id)
        {
            if (_local.TryGetValue(lease.ExecutorId, out var connection))
            {
                await connection.AssignAsync(task.Id, frame, new TaskRoute(task, null));
            }
            else
            {
                Gone(task, "The executor is no longer connected.");
            }
        }
        else
        {
            long receivers;
            try
            {
                receivers = await redis.Subscriber.PublishAsync(ReplicaChannel(lease.Replica), ExecutorMessages.RemoteTask(Id, lease.ExecutorId, frame));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                receivers = 0;
            }

            if (receivers == 0)
            {
                Gone(task, "The replica holding the executor is gone.");
            }
        }

        task.CancelOn(cancellationToken);
        return task;
    }

    /// <summary>A new executor, after its welcome: in rotation from now on.</summary>
    public async Task<bool> AddAsync(ExecutorConnection connection)
    {
        if (_stopping)
        {
            return false;
        }

        _local[connection.Id] = connection;
        await registry.RegisterAsync(connection.Hello, connection.Id, connection.TokenId, Id);
        logger.LogInformation("Executor {ExecutorId} ({Name}) connected: models {Models}, operations {Operations}, {MaxConcurrency} at once",
            connection.Id, connection.Hello.Name, string.Join(",", connection.Hello.Models), string.Join(",", connection.Hello.Operations), connection.Hello.MaxConcurrency);
        return true;
    }

    public async Task LeaveRotationAsync(ExecutorConnection connection)
    {
        try
        {
            await registry.RemoveAsync(connection.Id);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The entry's TTL and the selection's staleness check take it out anyway.
            logger.LogWarning(ex, "Could not remove executor {ExecutorId} from the registry", connection.Id);
        }
    }

    public async Task DisconnectedAsync(ExecutorConnection connection)
    {
        if (_local.TryRemove(connection.Id, out _))
        {
            await LeaveRotationAsync(connection);
            logger.LogInformation("Executor {ExecutorId} ({Name}) disconnected", connection.Id, connection.Hello.Name);
        }
    }

    public void Touch(string executorId, IReadOnlyCollection<string> tasks) => _ = TouchAsync(executorId, tasks);

    public void Finished(string executorId, string taskId, string? error) => registry.RecordOutcome(executorId, taskId, error);

    /// <summary>Hands an executor's frame to the task's origin: a task of this replica, or the replica that sent it.</summary>
    public void Route(TaskRoute route, ExecutorFrame frame, byte[] bytes)
    {
        if (route.Local is { } task)
        {
            task.Deliver(frame);
        }
        else if (route.OriginReplica is { } origin)
        {
            _ = redis.Subscriber.PublishAsync(ReplicaChannel(origin), ExecutorMessages.RemoteFrame(bytes), CommandFlags.FireAndForget);
        }
    }

    private void Cancel(ExecutorTask task)
    {
        if (task.Lease.Replica == Id)
        {
            if (_local.TryGetValue(task.Lease.ExecutorId, out var connection))
            {
                _ = connection.CancelAsync(task.Id);
            }
        }
        else
        {
            _ = redis.Subscriber.PublishAsync(ReplicaChannel(task.Lease.Replica),
                ExecutorMessages.RemoteCancel(task.Lease.ExecutorId, task.Id), CommandFlags.FireAndForget);
        }
    }

    /// <summary>A replica's channel: sharded, so a publish's receiver count is right on Redis Cluster too.</summary>
    private RedisChannel ReplicaChannel(string replicaId) => _classicChannels
        ? redis.Channel(RedisKeys.ExecutorReplicaChannel(replicaId))
        : redis.ShardedChannel(RedisKeys.ExecutorReplicaChannel(replicaId));

    private static void Gone(ExecutorTask task, string message)
    {
        using var frame = ExecutorFrame.Parse(ExecutorFrame.SyntheticError(task.Id, 503, "UNAVAILABLE", message))!;
        task.Deliver(frame);
    }

    private void OnRemote(byte[] message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            switch (root.GetProperty("kind").GetString())
            {
                case "frame":
                    var bytes = Encoding.UTF8.GetBytes(root.GetProperty("frame").GetRawText());
                    using (var frame = ExecutorFrame.Parse(bytes))
                    {
                        if (frame?.Id is { } id && _pending.TryGetValue(id, out var task))
                        {
                            task.Deliver(frame);
                        }
                    }

                    break;

                case "task":
                    var origin = root.GetProperty("origin").GetString()!;
                    var frameBytes = Encoding.UTF8.GetBytes(root.GetProperty("frame").GetRawText());
                    var taskId = root.GetProperty("frame").GetProperty("id").GetString()!;
                    if (_local.TryGetValue(root.GetProperty("executor").GetString()!, out var connection))
                    {
                        _ = connection.AssignAsync(taskId, frameBytes, new TaskRoute(null, origin));
                    }
                    else
                    {
                        var error = ExecutorFrame.SyntheticError(taskId, 503, "UNAVAILABLE", "The executor is no longer connected.");
                        _ = redis.Subscriber.PublishAsync(ReplicaChannel(origin), ExecutorMessages.RemoteFrame(error), CommandFlags.FireAndForget);
                    }

                    break;

                case "cancel":
                    if (_local.TryGetValue(root.GetProperty("executor").GetString()!, out var target))
                    {
                        _ = target.CancelAsync(root.GetProperty("id").GetString()!);
                    }

                    break;
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Dropped a malformed executor message from another replica");
        }
    }

    private void Revoke(string tokenId)
    {
        foreach (var connection in _local.Values.Where(c => c.TokenId == tokenId))
        {
            logger.LogInformation("Executor {ExecutorId} ({Name}): its token was revoked", connection.Id, connection.Hello.Name);
            _ = connection.CloseAsync(4403, "token revoked");
        }
    }

    private async Task TouchAsync(string executorId, IReadOnlyCollection<string> tasks)
    {
        try
        {
            await registry.TouchAsync(executorId, tasks);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The next pong tries again; a Redis outage longer than the pong timeout takes the executor out of rotation.
        }
    }

    /// <summary>Shutdown: out of rotation at once, then each executor is closed with 1001 when its tasks are done.</summary>
    private async Task DrainAsync()
    {
        _stopping = true;
        var connections = _local.Values.ToList();
        await Task.WhenAll(connections.Select(LeaveRotationAsync));
        var started = time.GetTimestamp();
        await Task.WhenAll(connections.Select(async connection =>
        {
            while (connection.TasksInFlight > 0 && time.GetElapsedTime(started) < Options.ShutdownDrain)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time);
            }

            await connection.CloseAsync(1001, "gateway replica shutting down");
        }));
    }
}

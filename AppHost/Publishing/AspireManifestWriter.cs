using System.Text.Json;
using System.Text.Json.Nodes;

namespace Antigravity.AppHost.Publishing;

/// <summary>
/// aspire-manifest.json in Aspire's manifest format (aspire-conventions.md §4): <c>parameter.v0</c>, <c>container.v0</c>
/// for Redis and RabbitMQ, <c>value.v0</c> for existing servers given as connection strings, <c>project.v0</c> with
/// its publish-mode environment as expressions. Replicas and waits leave no trace, as in Aspire.
/// </summary>
internal static class AspireManifestWriter
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static string Write(DistributedApplication app, string outputDirectory)
    {
        var resources = new JsonObject();
        foreach (var resource in app.Resources)
        {
            if (Describe(resource, outputDirectory) is { } node)
            {
                resources[resource.Name] = node;
            }
        }

        var manifest = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/aspire-8.0.json",
            ["resources"] = resources,
        };
        var path = Path.Combine(outputDirectory, "aspire-manifest.json");
        File.WriteAllText(path, manifest.ToJsonString(s_indented) + Environment.NewLine);
        return path;
    }

    private static JsonObject? Describe(Resource resource, string outputDirectory) => resource switch
    {
        ParameterResource parameter => Parameter(parameter),
        RedisResource { IsExternal: true } or RabbitMQServerResource { IsExternal: true } => new JsonObject
        {
            ["type"] = "value.v0",
            ["connectionString"] = ((IResourceWithConnectionString)resource).ConnectionStringExpression.ValueExpression,
        },
        RedisResource redis => Container(redis, $"{RedisResource.Image}:{RedisResource.ImageTag}", redis.ConnectionStringExpression,
            new() { ["REDIS_PASSWORD"] = redis.PasswordParameter.ValueExpression },
            entrypoint: "/bin/sh", args: ["-c", "redis-server --requirepass $REDIS_PASSWORD"]),
        RabbitMQServerResource rabbit => Container(rabbit, $"{RabbitMQServerResource.Image}:{RabbitMQServerResource.ImageTag}", rabbit.ConnectionStringExpression,
            new()
            {
                ["RABBITMQ_DEFAULT_USER"] = rabbit.UserNameParameter.ValueExpression,
                ["RABBITMQ_DEFAULT_PASS"] = rabbit.PasswordParameter.ValueExpression,
            }),
        ProjectResource { RunOnly: false } project => Project(project, outputDirectory),
        _ => null,
    };

    private static JsonObject Parameter(ParameterResource parameter)
    {
        var input = new JsonObject { ["type"] = "string", ["secret"] = parameter.Secret };
        if (parameter.Default is { FixedValue: { } value })
        {
            input["default"] = new JsonObject { ["value"] = value };
        }
        else if (parameter.Default is { ManifestMinLength: { } minLength })
        {
            input["default"] = new JsonObject { ["generate"] = new JsonObject { ["minLength"] = minLength, ["special"] = false } };
        }

        return new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = $"{{{parameter.Name}.inputs.value}}",
            ["inputs"] = new JsonObject { ["value"] = input },
        };
    }

    private static JsonObject Container(Resource resource, string image, ReferenceExpression connectionString, Dictionary<string, string> env,
        string? entrypoint = null, string[]? args = null)
    {
        var node = new JsonObject
        {
            ["type"] = "container.v0",
            ["connectionString"] = connectionString.ValueExpression,
            ["image"] = image,
        };
        if (entrypoint is not null)
        {
            node["entrypoint"] = entrypoint;
        }

        if (args is not null)
        {
            node["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]);
        }

        node["env"] = new JsonObject(env.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        node["bindings"] = Bindings(resource);
        return node;
    }

    private static JsonObject Project(ProjectResource project, string outputDirectory)
    {
        var env = ResourceEnvironment.ForPublish(project);
        return new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = Path.GetRelativePath(outputDirectory, project.ProjectPath),
            ["env"] = new JsonObject(env.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)ResourceEnvironment.ManifestExpression(kv.Value)))),
            ["bindings"] = Bindings(project, includeTargetPort: false),
        };
    }

    /// <summary>Projects have no targetPort in Aspire's manifest: the deployment tool picks one (8080) and HTTP_PORTS follows it.</summary>
    private static JsonObject Bindings(Resource resource, bool includeTargetPort = true)
    {
        var bindings = new JsonObject();
        foreach (var endpoint in resource.Endpoints)
        {
            var binding = new JsonObject
            {
                ["scheme"] = endpoint.Scheme,
                ["protocol"] = "tcp",
                ["transport"] = endpoint.Scheme is "http" or "https" ? "http" : "tcp",
            };
            if (includeTargetPort)
            {
                binding["targetPort"] = endpoint.TargetPort;
            }

            if (endpoint.IsExternal)
            {
                binding["external"] = true;
            }

            bindings[endpoint.Name] = binding;
        }

        return bindings;
    }
}

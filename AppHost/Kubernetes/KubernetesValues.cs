using System.Text;
using System.Text.RegularExpressions;

namespace Antigravity.AppHost.Kubernetes;

/// <summary>
/// Resolves a resource's publish-mode environment (Aspire's manifest expressions such as <c>{redis.connectionString}</c>,
/// <c>{accountservice.bindings.http.url}</c>, <c>{admin-api-key.value}</c>) into what a pod needs: Service DNS names
/// and container ports for endpoints, and, for secret parameters, a <c>$(VAR)</c> reference to an environment variable
/// that reads the one shared Secret, so that every secret lives in exactly one place.
/// </summary>
internal sealed partial class KubernetesValues(DistributedApplicationModel model)
{
    /// <summary>The Secret that holds every secret parameter's value, one key per parameter.</summary>
    public const string SecretName = "antigravity-secrets";

    /// <summary>The port every project listens on in a pod (Aspire's publisher default, <c>HTTP_PORTS</c>).</summary>
    public const int ProjectPort = 8080;

    /// <summary>A resolved value: its text (with <c>$(VAR)</c> references) and the secret parameters it reads.</summary>
    public sealed record Value(string Text, IReadOnlyList<ParameterResource> Secrets)
    {
        /// <summary>The whole value is one secret parameter, so a <c>secretKeyRef</c> can carry it directly.</summary>
        public ParameterResource? WholeSecret => Secrets is [var only] && Text == Reference(only) ? only : null;
    }

    public async Task<Value> ResolveAsync(string expression, CancellationToken cancellationToken)
    {
        var secrets = new List<ParameterResource>();
        var text = await ResolveAsync(expression, secrets, depth: 0, cancellationToken);
        return new Value(text, secrets.Distinct().ToList());
    }

    /// <summary>The environment variable (inside a pod) that a secret parameter is read into.</summary>
    public static string VariableName(ParameterResource parameter) => "SECRET_" + parameter.Name.Replace('-', '_').ToUpperInvariant();

    /// <summary>The parameter's key in <see cref="SecretName"/>.</summary>
    public static string SecretKey(ParameterResource parameter) => parameter.Name;

    public static string Reference(ParameterResource parameter) => $"$({VariableName(parameter)})";

    /// <summary>A parameter's value for the manifests: configured or generated, else a placeholder to replace.</summary>
    public static async Task<string> ValueOfAsync(ParameterResource parameter, CancellationToken cancellationToken)
    {
        try
        {
            return await parameter.GetValueAsync(cancellationToken) is { Length: > 0 } value ? value : Placeholder(parameter);
        }
        catch (MissingParameterValueException)
        {
            return Placeholder(parameter);
        }
    }

    public static string ServiceName(string resource) => $"{resource}-service";

    public static int ContainerPort(IResource resource) => resource switch
    {
        RedisServerResource => 6379,
        RabbitMQServerResource => 5672,
        _ => ProjectPort,
    };

    private static string Placeholder(ParameterResource parameter) => $"REPLACE-ME-{parameter.Name}";

    /// <summary>Each <c>{resource.path}</c> of <paramref name="expression"/> replaced by its value, awaited one after another.</summary>
    private async Task<string> ResolveAsync(string expression, List<ParameterResource> secrets, int depth, CancellationToken cancellationToken)
    {
        if (depth > 8)
        {
            throw new InvalidOperationException($"'{expression}' refers to itself.");
        }

        var text = new StringBuilder(expression.Length);
        var copied = 0;
        foreach (Match match in Expression().Matches(expression))
        {
            text.Append(expression, copied, match.Index - copied).Append(await ValueAsync(match, secrets, depth, cancellationToken));
            copied = match.Index + match.Length;
        }

        return text.Append(expression, copied, expression.Length - copied).ToString();
    }

    private async Task<string> ValueAsync(Match match, List<ParameterResource> secrets, int depth, CancellationToken cancellationToken)
    {
        var name = match.Groups["resource"].Value;
        var path = match.Groups["path"].Value.Split('.');
        var resource = model.Resources.FirstOrDefault(r => r.Name == name)
            ?? throw new InvalidOperationException($"'{match.Value}' names no resource of the model.");
        return (resource, path) switch
        {
            (ParameterResource { Secret: true } parameter, ["value" or "connectionString"]) => Secret(parameter, secrets),
            (ParameterResource parameter, ["value" or "connectionString"]) => await ValueOfAsync(parameter, cancellationToken),
            (IResourceWithConnectionString server, ["connectionString"]) =>
                await ResolveAsync(server.ConnectionStringExpression.ValueExpression, secrets, depth + 1, cancellationToken),
            (_, ["bindings", var endpoint, var property]) => Binding(resource, endpoint, property),
            _ => throw new InvalidOperationException($"'{match.Value}' cannot be expressed in Kubernetes manifests."),
        };
    }

    private static string Secret(ParameterResource parameter, List<ParameterResource> secrets)
    {
        secrets.Add(parameter);
        return Reference(parameter);
    }

    private static string Binding(IResource resource, string endpoint, string property)
    {
        var host = ServiceName(resource.Name);
        var port = ContainerPort(resource);
        var scheme = resource is ProjectResource ? "http" : "tcp";
        return property switch
        {
            "host" => host,
            "port" or "targetPort" => port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "scheme" => scheme,
            "url" => $"{scheme}://{host}:{port}",
            _ => throw new InvalidOperationException($"The endpoint property '{property}' of {resource.Name}/{endpoint} is not supported."),
        };
    }

    [GeneratedRegex(@"\{(?<resource>[A-Za-z0-9-]+)\.(?<path>[A-Za-z0-9.-]+)\}")]
    private static partial Regex Expression();
}

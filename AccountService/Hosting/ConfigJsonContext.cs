using System.Text.Json;
using System.Text.Json.Serialization;
using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState.Routing;

namespace Antigravity.AccountService.Hosting;

/// <summary>JSON of what this service writes to and reads from Redis (web defaults, as every reader uses), and the
/// internal API's bodies that are not part of the admin contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GatewaySettings))]
[JsonSerializable(typeof(ModelGroup))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(AccountStatusReport))]
[JsonSerializable(typeof(RefreshedToken))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.OAuth;

namespace Antigravity.CloudCodeSimulator.Control;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(AccountSpec))]
[JsonSerializable(typeof(AccountPatch))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(IReadOnlyList<AccountView>))]
[JsonSerializable(typeof(QuotaSpec))]
[JsonSerializable(typeof(FaultSpec))]
[JsonSerializable(typeof(IReadOnlyList<FaultSpec>))]
[JsonSerializable(typeof(LatencySettings))]
[JsonSerializable(typeof(Antigravity.CloudCodeSimulator.GeminiApi.StreamHoldView))]
[JsonSerializable(typeof(IReadOnlyList<RecordedRequest>))]
[JsonSerializable(typeof(SimulatorSettings))]
[JsonSerializable(typeof(MintRequest))]
[JsonSerializable(typeof(MintedToken))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(UserInfo))]
internal sealed partial class SimJsonContext : JsonSerializerContext;

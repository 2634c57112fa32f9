using System.Text.Json;
using System.Text.Json.Serialization;
using Antigravity.AdminClient.Accounts;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Executors;
using Antigravity.AdminClient.Routing;
using Antigravity.AdminClient.SignIn;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState.Routing;

namespace Antigravity.AdminClient;

/// <summary>Source-generated JSON for every admin API type (web defaults: camelCase, enums as strings).
/// The service adds it to its HTTP JSON options, so both sides serialize alike.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminProblem))]
[JsonSerializable(typeof(AccountSummary))]
[JsonSerializable(typeof(List<AccountSummary>))]
[JsonSerializable(typeof(AddAccountRequest))]
[JsonSerializable(typeof(AccountOperationResult))]
[JsonSerializable(typeof(List<AccountOperationResult>))]
[JsonSerializable(typeof(ImportAccountsRequest))]
[JsonSerializable(typeof(ImportAccountsResult))]
[JsonSerializable(typeof(AccountExport))]
[JsonSerializable(typeof(AccountStatusReport))]
[JsonSerializable(typeof(RefreshedToken))]
[JsonSerializable(typeof(StartSignInRequest))]
[JsonSerializable(typeof(SignInStarted))]
[JsonSerializable(typeof(CompleteSignInRequest))]
[JsonSerializable(typeof(SignInStatus))]
[JsonSerializable(typeof(ApiKeyInfo))]
[JsonSerializable(typeof(List<ApiKeyInfo>))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(UpdateApiKeyRequest))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(List<UserInfo>))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(TeamInfo))]
[JsonSerializable(typeof(List<TeamInfo>))]
[JsonSerializable(typeof(CreateTeamRequest))]
[JsonSerializable(typeof(UpdateTeamRequest))]
[JsonSerializable(typeof(AddTeamMemberRequest))]
[JsonSerializable(typeof(KeyHolderRequest))]
[JsonSerializable(typeof(KeyHolder))]
[JsonSerializable(typeof(SelfInfo))]
[JsonSerializable(typeof(CreateOwnApiKeyRequest))]
[JsonSerializable(typeof(SelfModels))]
[JsonSerializable(typeof(ModelAlias))]
[JsonSerializable(typeof(List<ModelAlias>))]
[JsonSerializable(typeof(SetModelAliasRequest))]
[JsonSerializable(typeof(ModelGroup))]
[JsonSerializable(typeof(List<ModelGroup>))]
[JsonSerializable(typeof(PutModelGroupRequest))]
[JsonSerializable(typeof(ModelGroupSaved))]
[JsonSerializable(typeof(LevelRouting))]
[JsonSerializable(typeof(NameResolution))]
[JsonSerializable(typeof(GatewaySettings))]
[JsonSerializable(typeof(ExecutorInfo))]
[JsonSerializable(typeof(List<ExecutorInfo>))]
[JsonSerializable(typeof(ExecutorTokenInfo))]
[JsonSerializable(typeof(List<ExecutorTokenInfo>))]
[JsonSerializable(typeof(CreateExecutorTokenRequest))]
[JsonSerializable(typeof(ExecutorTokenCreated))]
public sealed partial class AdminJsonContext : JsonSerializerContext;

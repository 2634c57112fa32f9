using System.Text.Json.Serialization;

namespace Antigravity.CloudCodeSimulator.Generation;

[JsonSerializable(typeof(string))]
internal sealed partial class ScriptedJson : JsonSerializerContext;

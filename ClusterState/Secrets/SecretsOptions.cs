using System.ComponentModel.DataAnnotations;

namespace Antigravity.ClusterState.Secrets;

/// <summary>
/// Encryption keys for secrets at rest, section <c>Secrets</c>:
/// <c>Secrets__ActiveKeyId=k1</c>, <c>Secrets__Keys__k1=&lt;base64 of 32 random bytes&gt;</c>.
/// Keep retired keys listed until every value has been re-encrypted.
/// </summary>
public sealed class SecretsOptions : IValidatableObject
{
    public const string SectionName = "Secrets";

    /// <summary>The key id new values are encrypted with.</summary>
    [Required]
    public string ActiveKeyId { get; set; } = "";

    /// <summary>Key id → base64 AES-256 key.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Keys.ContainsKey(ActiveKeyId))
        {
            yield return new ValidationResult($"Secrets:Keys:{ActiveKeyId} is missing: the active key id must name a configured key.", [nameof(ActiveKeyId)]);
        }

        foreach (var (id, value) in Keys)
        {
            var bytes = new byte[64];
            if (!Convert.TryFromBase64String(value, bytes, out var length) || length != 32)
            {
                yield return new ValidationResult($"Secrets:Keys:{id} must be the base64 of exactly 32 random bytes.", [nameof(Keys)]);
            }
        }
    }
}

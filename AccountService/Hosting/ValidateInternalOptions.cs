using System.ComponentModel.DataAnnotations;
using Antigravity.ClusterState.Credentials;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.Hosting;

/// <summary>The internal key's own rule (empty or at least 16 characters) plus the one only AccountService can check: it
/// differs from the admin key. Names the config key of every error (STYLE.md rule 14).</summary>
internal sealed class ValidateInternalOptions(IOptions<AdminOptions> admin) : IValidateOptions<InternalOptions>
{
    public ValidateOptionsResult Validate(string? name, InternalOptions options)
    {
        List<string> errors = [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "")];
        if (options.ApiKey.Length > 0 && string.Equals(options.ApiKey, admin.Value.ApiKey, StringComparison.Ordinal))
        {
            errors.Add("Internal:ApiKey must differ from Admin:ApiKey: a service holding it would hold the admin key.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

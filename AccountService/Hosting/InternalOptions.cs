using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.Hosting;

/// <summary>Section <c>Internal</c>: the service-to-service credential of the Gateway and QuotaWorker. It reaches only
/// <c>/internal/...</c>, so the internet-facing Gateway never holds the admin key (issue 15).</summary>
internal sealed class InternalOptions
{
    public const string SectionName = "Internal";

    /// <summary>Sent as <c>Authorization: Bearer &lt;ApiKey&gt;</c> (<c>Internal__ApiKey</c>). At least 16 characters and not
    /// the admin key; empty (default) = off, and only the admin key opens the internal routes.</summary>
    public string ApiKey { get; set; } = "";
}

/// <summary>Names the config key of every error (STYLE.md rule 14).</summary>
internal sealed class ValidateInternalOptions(IOptions<AdminOptions> admin) : IValidateOptions<InternalOptions>
{
    public ValidateOptionsResult Validate(string? name, InternalOptions options)
    {
        if (options.ApiKey.Length == 0)
        {
            return ValidateOptionsResult.Success;
        }

        List<string> errors = [];
        if (options.ApiKey.Length < 16)
        {
            errors.Add("Internal:ApiKey must be at least 16 characters (or empty to turn the internal key off).");
        }

        if (string.Equals(options.ApiKey, admin.Value.ApiKey, StringComparison.Ordinal))
        {
            errors.Add("Internal:ApiKey must differ from Admin:ApiKey: a service holding it would hold the admin key.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

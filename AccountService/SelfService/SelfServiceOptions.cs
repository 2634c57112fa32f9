using System.ComponentModel.DataAnnotations;

namespace Antigravity.AccountService.SelfService;

/// <summary>Section <c>SelfService</c>: what a user may do for herself when her admin set nothing else.</summary>
internal sealed class SelfServiceOptions
{
    public const string SectionName = "SelfService";

    /// <summary>How many keys a user may hold when she creates her own and her record sets no <c>maxKeys</c>. Default 5.</summary>
    [Range(0, 1000)]
    public int DefaultMaxKeys { get; set; } = 5;
}

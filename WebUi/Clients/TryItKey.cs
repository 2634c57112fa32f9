namespace Antigravity.WebUi.Clients;

/// <summary>
/// The client key created in this browser session, kept in server memory for the circuit only (never sent back to the
/// browser after it was shown once), so "try it" works right after creating a key.
/// </summary>
public sealed class TryItKey
{
    public string? Value { get; set; }
}

using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Rules;

/// <summary>The Antigravity agent identity the upstream expects in every agent request (cloudcode.md §2.1, §12 #1),
/// followed by an instruction not to adopt that persona (ACP issue #76).</summary>
internal static class IdentityPrompt
{
    public const string Identity =
        "You are Antigravity, a powerful agentic AI coding assistant designed by the Google Deepmind team working on Advanced Agentic Coding. "
        + "You are pair programming with a USER to solve their coding task.";

    public const string Ignore = "Please ignore the following [ignore]" + Identity + "[/ignore]";

    /// <summary>Prepends the identity parts to the system instruction (role <c>user</c>, always an object with parts).</summary>
    public static void Apply(GenerateContentRequest request)
    {
        var system = request.SystemInstruction ?? new Content();
        system.Role = "user";
        system.Parts.RemoveAll(p => string.IsNullOrEmpty(p.Text) && p.InlineData is null);
        if (system.Parts is not [{ Text: Identity }, ..])
        {
            system.Parts.InsertRange(0, [new Part { Text = Identity }, new Part { Text = Ignore }]);
        }

        request.SystemInstruction = system;
    }
}

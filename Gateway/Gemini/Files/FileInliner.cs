using System.Text.RegularExpressions;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Gemini.Files;

/// <summary>The upstream cannot read files stored here: a <c>fileData</c> part naming one (<c>files/&lt;id&gt;</c> or its
/// URI) is replaced by the file's bytes as <c>inlineData</c> before the request is forwarded.</summary>
internal sealed partial class FileInliner(GeminiFileStore store)
{
    /// <summary>Only the caller's own files are found (<paramref name="ownerId"/>): another key's file gets Google's 403 for
    /// a file that does not exist or is not the caller's.</summary>
    public async Task InlineAsync(string ownerId, GenerateContentRequest request)
    {
        foreach (var part in request.Contents.SelectMany(c => c.Parts).Concat(request.SystemInstruction?.Parts ?? []))
        {
            if (part.FileData is { FileUri: var uri } && FileId().Match(uri) is { Success: true } match)
            {
                var id = match.Groups[1].Value;
                var (file, bytes) = await store.GetWithDataAsync(ownerId, id)
                    ?? throw new RequestRefusedException(403, $"You do not have permission to access the File {id} or it may not exist.");
                part.InlineData = new Blob { MimeType = part.FileData.MimeType ?? file.MimeType ?? "application/octet-stream", Data = Convert.ToBase64String(bytes) };
                part.FileData = null;
            }
        }
    }

    [GeneratedRegex(@"^(?:.*/v1beta/)?files/([a-z0-9-]+)$")]
    private static partial Regex FileId();
}

using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi;

/// <summary>OpenAI content items as Gemini parts (cloudcode.md §11.2: data URLs → <c>inlineData</c>).</summary>
internal static class OpenAiParts
{
    public static Part Text(string text) => new() { Text = text };

    /// <summary>An image given as a data URL, a bare base64 string or an http(s) URL.</summary>
    public static Part Image(string? url, string param)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new RequestRefusedException("The image URL is missing.", param);
        }
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return DataUrl(url, param);
        }
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new Part { FileData = new FileData { MimeType = MimeFromExtension(url), FileUri = url } };
        }
        return Inline(SniffMime(url, param), url);
    }

    /// <summary><c>data:&lt;mime&gt;;base64,&lt;data&gt;</c>.</summary>
    public static Part DataUrl(string url, string param)
    {
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma > 5 ? url[5..comma] : "";
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestRefusedException("Invalid data URL: expected 'data:<mime type>;base64,<data>'.", param);
        }
        var mime = header[..^";base64".Length];
        var data = url[(comma + 1)..];
        return Inline(mime.Length > 0 ? mime : SniffMime(data, param), data);
    }

    public static Part Inline(string mimeType, string base64) => new() { InlineData = new Blob { MimeType = mimeType, Data = base64 } };

    /// <summary>The media type of bare base64 data, from its first bytes.</summary>
    public static string SniffMime(string base64, string param)
    {
        var head = base64.Length > 16 ? base64[..16] : base64;
        if (head.StartsWith("iVBORw0KGgo", StringComparison.Ordinal)) return "image/png";
        if (head.StartsWith("/9j/", StringComparison.Ordinal)) return "image/jpeg";
        if (head.StartsWith("R0lGOD", StringComparison.Ordinal)) return "image/gif";
        if (head.StartsWith("UklGR", StringComparison.Ordinal)) return "image/webp";
        if (head.StartsWith("JVBERi0", StringComparison.Ordinal)) return "application/pdf";
        throw new RequestRefusedException("Invalid image: expected a data URL, an http(s) URL or base64-encoded PNG, JPEG, GIF or WebP data.", param);
    }

    private static string MimeFromExtension(string url)
    {
        var path = url.Split('?', '#')[0];
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            ".pdf" => "application/pdf",
            _ => "image/jpeg",
        };
    }
}

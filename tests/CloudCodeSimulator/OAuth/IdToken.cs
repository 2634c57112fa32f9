using System.Text;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace Antigravity.CloudCodeSimulator.OAuth;

/// <summary>An unsigned-looking JWT carrying the email, as Google's id_token does (nobody verifies it here).</summary>
internal static class IdToken
{
    public static string Create(SimulatorState state, Account account, string clientId)
    {
        var now = state.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        JsonOut.Write(buffer, (account, clientId, now), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("iss", "https://accounts.google.com");
            w.WriteString("aud", s.clientId);
            w.WriteString("sub", s.account.Id);
            w.WriteString("email", s.account.Email);
            w.WriteBoolean("email_verified", true);
            w.WriteNumber("iat", s.now);
            w.WriteNumber("exp", s.now + 3599);
            w.WriteEndObject();
        });
        var header = WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes("{\"alg\":\"RS256\",\"kid\":\"sim\",\"typ\":\"JWT\"}"));
        var signature = new byte[64];
        state.NextRandom().Fill(signature);
        return $"{header}.{WebEncoders.Base64UrlEncode(buffer.WrittenSpan)}.{WebEncoders.Base64UrlEncode(signature)}";
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Antigravity.TestEnvironment;
using Antigravity.WebUi.Tests.Infrastructure;

namespace Antigravity.WebUi.Tests.Security;

/// <summary>
/// The WebUi run from its built dll (as <see cref="ServiceProcess"/> does) but served over real HTTPS only: Kestrel on
/// 127.0.0.1 with a throwaway self-signed certificate, so what the panel sends a browser over TLS can be checked.
/// </summary>
public sealed class HttpsPanel : IAsyncLifetime
{
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"webui-https-{Guid.NewGuid():N}.pfx");
    private Process? _process;

    public string Password { get; } = "https-" + Guid.NewGuid().ToString("N");

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Trusts only this panel's certificate; no redirects or cookie jar (each test reads Set-Cookie itself).</summary>
    public HttpClient Client() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=127.0.0.1" },
    })
    { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask InitializeAsync()
    {
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(_certificatePath, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }

        var port = TestServers.FreePort();
        BaseAddress = new Uri($"https://127.0.0.1:{port}");
        var dll = Path.Combine(Paths.RepositoryRoot, "artifacts", "bin", "WebUi", Paths.Configuration, "Antigravity.WebUi.dll");
        var closed = $"http://127.0.0.1:{TestServers.FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = BaseAddress.ToString(),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Kestrel__Certificates__Default__Path"] = _certificatePath,
                ["Kestrel__Certificates__Default__Password"] = "pfx-password",
                ["Admin__ApiKey"] = Password,
                ["services__accountservice__http__0"] = closed,
                ["services__quotaworker__http__0"] = closed,
                ["services__gateway__http__0"] = closed,
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = Client();
        await Poll.UntilAsync(async () =>
        {
            Assert.False(_process.HasExited, $"WebUi exited with {(_process.HasExited ? _process.ExitCode : 0)} while starting");
            try
            {
                using var alive = await http.GetAsync("/alive", TestContext.Current.CancellationToken);
                return alive.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ok => ok, TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        File.Delete(_certificatePath);
    }
}

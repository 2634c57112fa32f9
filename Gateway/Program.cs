using Antigravity.Gateway.Usage;

// The slim builder: no IIS, HTTP/3 or regex route constraints, which a gateway behind a load balancer never uses
// (less to load and keep in memory: issue 3's idle-memory target). HTTPS endpoints from configuration still work.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("messaging")))
{
    builder.AddEventBus();
}

builder.AddGatewayPipeline();
builder.AddAnthropicApi();
builder.AddOpenAiApi();
builder.AddGeminiApi();
builder.AddGracefulShutdown();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapAnthropicApi();
app.MapOpenAiApi();
app.MapGeminiApi();
app.MapAccountLimitsApi();

app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("messaging")))
{
    builder.AddMessaging();
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

using Antigravity.AccountService.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAccountServiceState();
builder.AddGoogleAccounts();
builder.AddAdminApi();

var app = builder.Build();

app.UseAdminApiErrors();
app.MapDefaultEndpoints();
app.MapAccountServiceApi();

app.Run();

/// <summary>Entry point, visible to tests that host the service in-process.</summary>
public partial class Program;

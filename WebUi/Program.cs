var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTrustedProxies();
builder.AddAdminSignIn();
builder.AddBackendClients();
builder.AddPanel();

var app = builder.Build();

app.UsePanelPipeline();
app.MapDefaultEndpoints();
app.MapSignInApi();
app.MapPanel();

app.Run();

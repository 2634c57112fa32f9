var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddQuotaWorker();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapQuotaWorkerApi();

app.Run();

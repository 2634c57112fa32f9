// The slim builder: no IIS, HTTP/3 or regex route constraints, which a gateway behind a load balancer never uses
// (less to load and keep in memory: issue 3's idle-memory target). HTTPS endpoints from configuration still work.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

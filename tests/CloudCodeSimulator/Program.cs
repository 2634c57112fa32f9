using Antigravity.CloudCodeSimulator;

// dotnet run --project tests/CloudCodeSimulator -- --port 8089 [--seed 7] [--min-client-version 1.15.0]
var options = SimulatorOptions.FromArgs(args);
options.ConsoleLogging = true;
var app = SimulatorApp.Build(options);
await app.StartAsync();
Console.WriteLine($"Cloud Code simulator listening on {SimulatorApp.BaseUrl(app)} (seed {options.Seed})");
await app.WaitForShutdownAsync();

using Antigravity.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess(), CancellationToken.None);

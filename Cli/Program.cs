using Antigravity.Cli;
using Spectre.Console;

return await CliApp.RunAsync(args, AnsiConsole.Console, Console.In, CancellationToken.None);

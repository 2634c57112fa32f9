using Antigravity.Gateway.Benchmarks;

// Gateway overhead benchmark (issue 3): see README.md in this folder.
return await GatewayBenchmark.RunAsync(args);

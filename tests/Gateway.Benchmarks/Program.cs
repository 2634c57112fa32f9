using Antigravity.Gateway.Benchmarks;

// Gateway overhead benchmark (issue 3), or `pool`: Redis CPU per account selection (issue 14): see README.md in this folder.
return args is ["pool", ..] ? await PoolBenchmark.RunAsync(args) : await GatewayBenchmark.RunAsync(args);

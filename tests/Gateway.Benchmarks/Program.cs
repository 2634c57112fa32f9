using Antigravity.Gateway.Benchmarks;

// Gateway overhead benchmark (issue 3), or `pool-size`: Redis CPU per request as the account pool grows (issue 14): see
// README.md in this folder.
return args is ["pool-size", ..] ? await PoolSizeBenchmark.RunAsync(args) : await GatewayBenchmark.RunAsync(args);

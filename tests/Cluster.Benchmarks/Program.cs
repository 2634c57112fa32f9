using Antigravity.Cluster.Benchmarks;

// The cluster as users run it, under load (issue 14 item 1): see README.md in this folder.
var options = BenchmarkOptions.Parse(args);
if (options.Help)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

return await ClusterBenchmark.RunAsync(options);

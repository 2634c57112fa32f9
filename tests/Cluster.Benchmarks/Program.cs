using Antigravity.Cluster.Benchmarks;

// The cluster as users run it, under load (issue 14 item 1): see README.md in this folder.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

try
{
    return options.Streams > 0 ? await StreamsBenchmark.RunAsync(options) : await ClusterBenchmark.RunAsync(options);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Interrupted; the cluster was stopped.");
    return 130;
}

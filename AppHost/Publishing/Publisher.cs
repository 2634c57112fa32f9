namespace Antigravity.AppHost.Publishing;

/// <summary><c>publish --output DIR</c>: the same app model as Kubernetes manifests and as aspire-manifest.json.</summary>
internal static class Publisher
{
    public static int Publish(DistributedApplication app, string outputPath)
    {
        var output = Directory.CreateDirectory(Path.GetFullPath(outputPath)).FullName;
        var manifest = AspireManifestWriter.Write(app, output);
        var files = KubernetesPublisher.Write(app, output);
        Console.WriteLine($"Wrote {manifest}");
        Console.WriteLine($"Wrote {files.Count} Kubernetes manifests and kustomization.yaml to {output}");
        Console.WriteLine($"Apply with: kubectl apply -k {output}");
        var placeholders = app.Resources.OfType<ParameterResource>().Where(p => !p.HasValue).Select(p => p.Name).ToList();
        if (placeholders.Count > 0)
        {
            Console.WriteLine($"Set before applying (placeholders REPLACE-ME-*): {string.Join(", ", placeholders)} — or pass --Parameters:<name>=<value> to publish.");
        }

        Console.WriteLine("Secrets hold generated values: keep the folder out of source control.");
        return 0;
    }
}

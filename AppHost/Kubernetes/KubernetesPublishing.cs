#pragma warning disable ASPIREPIPELINES001 // Aspire's publishing pipeline is marked experimental in 13.x.

using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Antigravity.AppHost.Kubernetes;

internal static class KubernetesPublishing
{
    /// <summary>
    /// <c>publish --output DIR</c>: a pipeline step after Aspire's own <c>publish-manifest</c> (aspire-manifest.json) that
    /// writes the Kubernetes manifests from the same model into the same folder.
    /// </summary>
    public static void PublishKubernetesManifests(this IDistributedApplicationBuilder builder, AppHostArguments arguments)
    {
        builder.Pipeline.AddStep("publish-kubernetes", async context =>
        {
            var files = await KubernetesManifests.WriteAsync(context.Model, context.ExecutionContext, arguments.OutputPath, context.Logger, context.CancellationToken);
            context.Logger.LogInformation("Wrote {Count} Kubernetes manifests and kustomization.yaml to {Directory}: kubectl apply -k {Directory}",
                files.Count, arguments.OutputPath, arguments.OutputPath);
            if (IsTrackedByGit(arguments.OutputPath))
            {
                context.Logger.LogWarning("{Directory} is inside a git work tree and not ignored: secrets.yaml holds the cluster's secrets, keep it out of source control.", arguments.OutputPath);
            }
        }, dependsOn: "publish-manifest");
    }

    /// <summary>True when the folder is in a git work tree that does not ignore it.</summary>
    private static bool IsTrackedByGit(string directory)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", directory, "check-ignore", "-q", "secrets.yaml"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            git!.WaitForExit();
            return git.ExitCode == 1; // 0: ignored, 1: not ignored, 128: not a work tree
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no git
        }
    }
}

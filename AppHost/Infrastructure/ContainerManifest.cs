namespace Antigravity.AppHost.Infrastructure;

/// <summary>
/// How the local servers appear in aspire-manifest.json: as the containers a deployment runs (<c>container.v0</c> with
/// the image, the connection string and the binding), which is what Aspire's own Redis and RabbitMQ resources write.
/// </summary>
internal static class ContainerManifest
{
    public static IResourceBuilder<T> PublishAsContainer<T>(
        this IResourceBuilder<T> builder, string image, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env)
        where T : IResourceWithConnectionString, IResourceWithEndpoints =>
        builder.WithManifestPublishingCallback(context =>
        {
            var writer = context.Writer;
            writer.WriteString("type", "container.v0");
            context.WriteConnectionString(builder.Resource);
            writer.WriteString("image", image);
            if (args.Count > 0)
            {
                writer.WriteStartArray("args");
                foreach (var arg in args)
                {
                    writer.WriteStringValue(arg);
                }

                writer.WriteEndArray();
            }

            writer.WriteStartObject("env");
            foreach (var (name, value) in env)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            context.WriteBindings(builder.Resource);
        });
}

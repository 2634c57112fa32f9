using Antigravity.QuotaWorker.RequestLog;

namespace Microsoft.Extensions.Hosting;

internal static class RequestLogExtensions
{
    public static IHostApplicationBuilder AddRequestLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLogOptions>().BindConfiguration(RequestLogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LogReader>();
        builder.Services.AddSingleton<LogRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LogRetention>());
        return builder;
    }
}

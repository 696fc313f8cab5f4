using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Glassbox.Web;

/// <summary>
/// The local page: Kestrel on one address (loopback unless remote is allowed), one HTML page with everything
/// inline, and a small JSON API whose jobs run in worker processes under size, time and memory limits.
/// </summary>
public sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly JobRunner _jobs;

    private PageServer(WebApplication app, JobRunner jobs, Uri address)
    {
        _app = app;
        _jobs = jobs;
        Address = address;
    }

    /// <summary>The page's address, e.g. http://127.0.0.1:5172/.</summary>
    public Uri Address { get; }

    /// <summary>The worker processes (counts of started and killed ones).</summary>
    public JobRunner Jobs => _jobs;

    /// <summary>
    /// Starts listening. A non-loopback address without <see cref="ServeOptions.AllowRemote"/> is refused with a
    /// <see cref="UserError"/> before anything is bound.
    /// </summary>
    public static async Task<PageServer> StartAsync(ServeOptions options, CancellationToken cancel = default)
    {
        var address = options.BindAddress();
        var limits = options.Limits;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = limits.MaxRequestBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 << 10;
            k.Listen(address, options.Port);
        });
        var app = builder.Build();
        var jobs = new JobRunner(options.Worker, limits);
        var api = new PageApi(jobs, new ModelStore(), limits, PageAssets.Page(limits));
        api.Map(app, options.AllowRemote);
        await app.StartAsync(cancel);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound.Replace("[::]", "[::1]", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return new PageServer(app, jobs, new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"));
    }

    /// <summary>Waits until the host is told to stop (Ctrl+C or SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancel = default) => _app.WaitForShutdownAsync(cancel);

    /// <summary>Stops listening and releases the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _jobs.Dispose();
    }
}

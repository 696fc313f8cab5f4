using System.Net.Http.Json;
using System.Text.Json;
using Glassbox.Web;

namespace Glassbox.Tests.Serve;

/// <summary>One page server on a free loopback port (port 0), with its workers started from the CLI beside the tests.</summary>
public sealed class PageServerFixture : IAsyncLifetime
{
    /// <summary>The worker command for the Glassbox.Cli assembly the tests reference.</summary>
    public static WorkerLaunch Worker => WorkerLaunch.ForCli(typeof(Glassbox.Cli.CommandRunner).Assembly.Location);

    /// <summary>Generous limits: the machine running the tests may be busy.</summary>
    public static PageLimits Limits => new(EvaluateSeconds: 60, CompileSeconds: 120, MaxVocabulary: 8, MaxSeqLen: 6);

    /// <summary>The running server.</summary>
    public PageServer Server { get; private set; } = null!;

    /// <summary>A client whose base address is the page.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Starts the server.</summary>
    public async Task InitializeAsync()
    {
        Server = await PageServer.StartAsync(new ServeOptions { Port = 0, Worker = Worker, Limits = Limits });
        Client = new HttpClient { BaseAddress = Server.Address, Timeout = TimeSpan.FromMinutes(3) };
    }

    /// <summary>Stops the server.</summary>
    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>POSTs <paramref name="body"/> as JSON and returns the status and the parsed reply.</summary>
    public static async Task<(int Status, JsonElement Reply)> Post(HttpClient client, string route, object body, CancellationToken cancel = default)
    {
        using var response = await client.PostAsJsonAsync(route, body, PageJson.Options, cancel);
        var text = await response.Content.ReadAsStringAsync(cancel);
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}

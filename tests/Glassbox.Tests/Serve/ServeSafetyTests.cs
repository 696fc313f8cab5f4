using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Glassbox.Web;

namespace Glassbox.Tests.Serve;

/// <summary>What the server refuses to do: listen beyond loopback unasked, and let a program run past its limit.</summary>
public sealed class ServeSafetyTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    [InlineData("::")]
    public async Task ANonLoopbackAddressIsRefusedWithoutAllowRemote(string host)
    {
        var options = new ServeOptions { Host = host, Port = 0, Worker = PageServerFixture.Worker };
        var e = await Assert.ThrowsAsync<UserError>(() => PageServer.StartAsync(options));
        Assert.Contains("--allow-remote", e.Message);
        Assert.Equal(IPAddress.Parse(host), (options with { AllowRemote = true }).BindAddress());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    public void LoopbackAddressesNeedNoFlag(string host) =>
        Assert.True(IPAddress.IsLoopback(new ServeOptions { Host = host, Worker = PageServerFixture.Worker }.BindAddress()));

    [Fact]
    public void TheServeCommandRefusesANonLoopbackHostWithExitCode1()
    {
        var (code, _, stderr) = CliHarness.Run("serve", "--host", "0.0.0.0", "--port", "0");
        Assert.Equal(1, code);
        Assert.Contains("refusing to listen on 0.0.0.0", stderr);
        Assert.Contains("--allow-remote", stderr);
    }

    [Fact]
    public async Task AProgramThatRunsTooLongIsStoppedWithAMessageAndItsWorkerKilled()
    {
        var limits = PageServerFixture.Limits with { EvaluateSeconds = 4 };
        await using var server = await PageServer.StartAsync(new ServeOptions { Port = 0, Worker = PageServerFixture.Worker, Limits = limits });
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        const string explodes = "def f(n) { return 0 if n == 0 else f(n - 1) + f(n - 1); }\nx = f(80);";
        var (status, reply) = await PageServerFixture.Post(client, "/api/evaluate", new EvaluateRequest(explodes));
        Assert.Equal(422, status);
        Assert.Equal("timeout", reply.GetProperty("kind").GetString());
        Assert.Contains("ran longer than 4 s and was stopped", reply.GetProperty("message").GetString());
        Assert.Equal(1, server.Jobs.Started);
        Assert.Equal(1, server.Jobs.Killed);
    }

    [Fact]
    public async Task AnAbandonedRequestHasItsWorkerKilled()
    {
        await using var server = await PageServer.StartAsync(new ServeOptions { Port = 0, Worker = PageServerFixture.Worker, Limits = PageServerFixture.Limits });
        using var client = new HttpClient { BaseAddress = server.Address };
        using var giveUp = new CancellationTokenSource();
        var request = PageServerFixture.Post(client, "/api/evaluate",
            new EvaluateRequest("def f(n) { return 0 if n == 0 else f(n - 1) + f(n - 1); }\nx = f(80);"), giveUp.Token);
        while (server.Jobs.Started == 0) await Task.Delay(50);
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        for (var i = 0; i < 600 && server.Jobs.Killed == 0; i++) await Task.Delay(100);
        Assert.Equal(1, server.Jobs.Killed);
    }

    [Fact]
    public async Task TheServeCommandPrintsItsLoopbackAddressAndServesThePage()
    {
        var worker = PageServerFixture.Worker;
        var info = new ProcessStartInfo(worker.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in worker.Arguments.Take(worker.Arguments.Count - 2).Concat(["serve", "--port", "0"])) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.NotNull(line);
            Assert.Matches(@"^Glassbox page: http://127\.0\.0\.1:\d+/ \(Ctrl\+C stops it\)$", line);
            var address = line!["Glassbox page: ".Length..line.IndexOf(' ', "Glassbox page: ".Length)];
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            Assert.Contains("id=\"editor\"", await client.GetStringAsync("/"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}

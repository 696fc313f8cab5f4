using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Glassbox.Tests.Browser;

/// <summary>
/// A page opened by <see cref="BrowserFixture"/> together with what it did: console errors, uncaught page errors
/// and every request it made. A request is local when it is a <c>file:</c>, <c>data:</c>, <c>blob:</c> or
/// <c>about:</c> URL or goes to 127.0.0.1; anything else is a failure (and is aborted before it leaves).
/// </summary>
public sealed class PageProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _requests = new();

    internal PageProbe(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    /// <summary>The browser context (one per probe, so cookies and storage never leak between tests).</summary>
    public IBrowserContext Context { get; }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Console messages of type error, and uncaught exceptions, in the order they happened.</summary>
    public IReadOnlyList<string> ConsoleErrors => [.. _consoleErrors];

    /// <summary>Every URL the page requested, local or not.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>The requested URLs that were not local.</summary>
    public IReadOnlyList<string> ForeignRequests => [.. _requests.Where(url => !IsLocal(url))];

    /// <summary>True for URLs that do not leave the machine: file/data/blob/about, or http(s) to 127.0.0.1.</summary>
    public static bool IsLocal(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        return uri.Scheme switch
        {
            "file" or "data" or "blob" or "about" => true,
            "http" or "https" or "ws" => uri.Host == "127.0.0.1",
            _ => false,
        };
    }

    internal async Task AttachAsync()
    {
        Page.Console += (_, message) =>
        {
            if (message.Type == "error") _consoleErrors.Enqueue($"console: {message.Text}");
        };
        Page.PageError += (_, error) => _consoleErrors.Enqueue($"page error: {error}");
        Page.Request += (_, request) => _requests.Enqueue(request.Url);
        await Context.RouteAsync("**/*", async route =>
        {
            if (IsLocal(route.Request.Url)) await route.ContinueAsync();
            else await route.AbortAsync("blockedbyclient");
        });
    }

    /// <summary>Fails the test when the page logged an error or asked for anything beyond this machine.</summary>
    public void AssertClean()
    {
        Assert.True(ConsoleErrors.Count == 0, "console errors:\n" + string.Join("\n", ConsoleErrors));
        Assert.True(ForeignRequests.Count == 0, "network requests:\n" + string.Join("\n", ForeignRequests));
    }

    /// <summary>Saves a full-page PNG screenshot (written to a temporary file, then moved into place).</summary>
    public async Task<byte[]> ScreenshotAsync(string path, bool fullPage = true)
    {
        var bytes = await Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage, Type = ScreenshotType.Png });
        AtomicFile.Write(path, temp => File.WriteAllBytes(temp, bytes));
        return bytes;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

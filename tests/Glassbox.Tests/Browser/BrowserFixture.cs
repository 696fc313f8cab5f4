using Microsoft.Playwright;

namespace Glassbox.Tests.Browser;

/// <summary>
/// One headless Chromium for all browser tests (Debian's <c>/usr/bin/chromium</c>, driven by Microsoft.Playwright
/// through the node driver that ships inside the NuGet package, so nothing is downloaded). Tests share it through
/// the <see cref="BrowserCollection"/> and open pages with <see cref="OpenAsync"/>.
/// </summary>
/// <remarks>
/// Playwright's own browser download does not work offline, so the fixture never asks for it: it starts the
/// system Chromium named by <c>GLASSBOX_CHROMIUM</c> (default <c>/usr/bin/chromium</c>). A missing browser is a
/// test failure with instructions, never a skip; <c>.ci/run</c> installs Debian's <c>chromium</c> when missing.
/// Playwright's launch already gives every browser a fresh, empty user-data directory.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where the browser is looked for unless <c>GLASSBOX_CHROMIUM</c> names another.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    /// <summary>The flags that keep Chromium quiet on a machine without network (no background fetches, no sync).</summary>
    public static readonly IReadOnlyList<string> ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running browser; valid after the fixture has started.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser fixture has not started.");

    /// <summary>The Chromium executable this fixture starts.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("GLASSBOX_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var chromium = ChromiumPath;
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"Browser tests need Chromium at {chromium}: install it with `apt-get install -y chromium` " +
                "(.ci/run does this) or point GLASSBOX_CHROMIUM at a Chromium executable.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// Opens <paramref name="url"/> in a fresh browser context whose console errors, page errors and network
    /// requests are recorded; requests that leave the machine are aborted (and recorded as failures).
    /// </summary>
    public async Task<PageProbe> OpenAsync(string url, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        var probe = new PageProbe(context, await context.NewPageAsync());
        await probe.AttachAsync();
        await probe.Page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return probe;
    }

    /// <summary>Opens a local file (for example a page written by <c>glassbox view</c>).</summary>
    public Task<PageProbe> OpenFileAsync(string path, int width = 1280, int height = 900) =>
        OpenAsync(new Uri(Path.GetFullPath(path)).AbsoluteUri, width, height);
}

/// <summary>The xunit collection that shares one <see cref="BrowserFixture"/> between browser test classes.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection name to put on browser test classes: <c>[Collection(BrowserCollection.Name)]</c>.</summary>
    public const string Name = "Browser";
}

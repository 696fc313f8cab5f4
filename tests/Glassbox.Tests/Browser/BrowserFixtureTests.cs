namespace Glassbox.Tests.Browser;

/// <summary>Proves the browser fixture works: a local page runs its script, and the probe catches errors and leaks.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserFixtureTests(BrowserFixture browser) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("glassbox-browser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string html)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, html);
        return path;
    }

    [Fact]
    public async Task LocalPageRunsItsScriptAndStaysClean()
    {
        var path = Write("click.html", """
            <!doctype html><html><body>
            <button id="b">count</button><span id="n">0</span>
            <script>document.getElementById('b').addEventListener('click', () => {
              const n = document.getElementById('n'); n.textContent = String(Number(n.textContent) + 1); });</script>
            </body></html>
            """);
        await using var probe = await browser.OpenFileAsync(path);
        await probe.Page.ClickAsync("#b");
        await probe.Page.ClickAsync("#b");
        Assert.Equal("2", await probe.Page.TextContentAsync("#n"));
        var png = await probe.ScreenshotAsync(Path.Combine(_dir, "click.png"));
        Assert.True(png.Length > 100);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Contains(probe.Requests, url => url.StartsWith("file://", StringComparison.Ordinal));
        probe.AssertClean();
    }

    [Fact]
    public async Task ProbeRecordsConsoleErrorsAndBlocksForeignRequests()
    {
        var path = Write("leaky.html", """
            <!doctype html><html><body>
            <img src="http://example.invalid/pixel.png">
            <script>console.error('boom');</script>
            </body></html>
            """);
        await using var probe = await browser.OpenFileAsync(path);
        Assert.Contains(probe.ConsoleErrors, e => e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(probe.ForeignRequests, url => url.StartsWith("http://example.invalid/", StringComparison.Ordinal));
        Assert.ThrowsAny<Exception>(probe.AssertClean);
    }

    [Theory]
    [InlineData("file:///tmp/a.html", true)]
    [InlineData("data:image/png;base64,AAAA", true)]
    [InlineData("http://127.0.0.1:5000/api", true)]
    [InlineData("http://localhost.example.com/", false)]
    [InlineData("https://cdn.jsdelivr.net/npm/x.js", false)]
    public void LocalMeansThisMachine(string url, bool local) => Assert.Equal(local, PageProbe.IsLocal(url));
}

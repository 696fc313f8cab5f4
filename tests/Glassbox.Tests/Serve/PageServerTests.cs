using System.Net;
using System.Text;
using System.Text.Json;
using Glassbox.Compiler;
using Glassbox.Interop.Safetensors;
using Glassbox.Web;

namespace Glassbox.Tests.Serve;

/// <summary>The page's HTTP API on a real Kestrel server bound to 127.0.0.1 (port 0), jobs in worker processes.</summary>
public sealed class PageServerTests(PageServerFixture page) : IClassFixture<PageServerFixture>
{
    private HttpClient Client => page.Client;

    [Fact]
    public async Task ThePageIsOneDocumentWithItsExampleAndFetchesNothingFromOutside()
    {
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(page.Server.Address.Host)));
        using var response = await Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("sorted = aggregate(select(target, indices, ==), tokens);", WebUtility.HtmlDecode(html));
        Assert.Contains("def sort_with_bos(vals, keys) {", WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("/*LIMITS*/null", html);
    }

    [Fact]
    public async Task EvaluatePrintsAsTheReplAndAppliesTheSOpToTheInput()
    {
        var (status, reply) = await PageServerFixture.Post(Client, "/api/evaluate",
            new EvaluateRequest("y = indices * 2;\nz = 3;", "y", "\"abc\""));
        Assert.Equal(200, status);
        var output = reply.GetProperty("output").GetString()!;
        Assert.Contains("Example: y(\"hello\") = [0, 2, 4, 6, 8] (ints)", output);
        Assert.Contains(">> y(\"abc\");\n\t =  [0, 2, 4] (ints)", output);
        Assert.Equal(0, reply.GetProperty("errors").GetArrayLength());
        Assert.Equal(["y"], reply.GetProperty("sOps").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ABadProgramComesBackWithItsLineAndColumn()
    {
        var (status, reply) = await PageServerFixture.Post(Client, "/api/evaluate",
            new EvaluateRequest("a = tokens;\nb = indices + 1;\nc = select(a, b, ==;\nd = undefined_thing + 1;"));
        Assert.Equal(200, status);
        var errors = reply.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal(("program.rasp", 3, 20), Place(errors[0]));
        Assert.Equal(("program.rasp", 4, 5), Place(errors[1]));
        Assert.Contains("undefined_thing", errors[1].GetProperty("message").GetString());

        var (compileStatus, failure) = await PageServerFixture.Post(Client, "/api/compile",
            new CompileRequest("a = tokens;\nb = a +;\n", "a", "x,y", 3));
        Assert.Equal(422, compileStatus);
        Assert.Equal("user", failure.GetProperty("kind").GetString());
        Assert.Equal(("program.rasp", 2, 8), Place(failure.GetProperty("errors")[0]));
    }

    [Fact]
    public async Task CompileGivesSizesACheckARunAndADownloadableModel()
    {
        var request = new CompileRequest(PageAssets.Example, "sorted", "a,b,c,d", 4, Input: "dcab");
        var (status, reply) = await PageServerFixture.Post(Client, "/api/compile", request);
        Assert.Equal(200, status);
        var sizes = reply.GetProperty("sizes");
        var check = reply.GetProperty("check");
        Assert.Equal("exhaustive", check.GetProperty("how").GetString());
        Assert.Equal(4 + 16 + 64 + 256, check.GetProperty("compared").GetInt32());
        Assert.Equal(0, check.GetProperty("mismatches").GetInt32());
        var run = reply.GetProperty("run");
        Assert.Equal(["\"a\"", "\"b\"", "\"c\"", "\"d\""], run.GetProperty("model").EnumerateArray().Select(e => e.GetString()));
        Assert.True(run.GetProperty("same").GetBoolean());
        Assert.Contains("layer 0", reply.GetProperty("report").GetString());
        var views = reply.GetProperty("viewsHtml").GetString()!;
        Assert.StartsWith("<!doctype html>", views);
        Assert.Contains("Attention patterns", views);

        Assert.Equal(["sorted.onnx", "sorted.safetensors", "sorted.gbx.json", "sorted.views.html"], reply.GetProperty("downloads").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        var download = reply.GetProperty("downloads")[2];
        Assert.Equal("sorted.gbx.json", download.GetProperty("name").GetString());
        var bytes = await Client.GetByteArrayAsync(download.GetProperty("url").GetString());
        Assert.Equal(download.GetProperty("bytes").GetInt32(), bytes.Length);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-serve-test-{Guid.NewGuid():N}.gbx.json");
        try
        {
            File.WriteAllBytes(path, bytes);
            var model = ModelFile.Load(path);
            Assert.Equal(sizes.GetProperty("layers").GetInt32(), model.LayerCount);
            Assert.Equal(sizes.GetProperty("residualDim").GetInt32(), model.ResidualDim);
        }
        finally { File.Delete(path); }
        var weights = await Client.GetByteArrayAsync(reply.GetProperty("downloads")[1].GetProperty("url").GetString());
        var content = SafetensorsFile.Read(new MemoryStream(weights), "sorted.safetensors");
        Assert.Contains("glassbox", content.Metadata.Keys);
        Assert.NotEmpty(content.Tensors);
        using var missing = await Client.GetAsync("/api/models/0123456789abcdef01234567/sorted.gbx.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task CompileRefusesAVocabularyOrLengthBeyondTheLimits()
    {
        var (status, reply) = await PageServerFixture.Post(Client, "/api/compile", new CompileRequest("x = tokens;", "x", "a,b,c,d,e,f,g,h,i", 3));
        Assert.Equal(422, status);
        Assert.Contains("at most 8", reply.GetProperty("message").GetString());
        (status, reply) = await PageServerFixture.Post(Client, "/api/compile", new CompileRequest("x = tokens;", "x", "a,b", 7));
        Assert.Equal(422, status);
        Assert.Contains("between 1 and 6", reply.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AnOversizedRequestGets413WithAMessage()
    {
        var program = "# " + new string('x', 70 * 1024);
        var (status, reply) = await PageServerFixture.Post(Client, "/api/evaluate", new EvaluateRequest(program));
        Assert.Equal(413, status);
        Assert.Equal("too_large", reply.GetProperty("kind").GetString());
        Assert.Contains("64 KiB", reply.GetProperty("message").GetString());

        // Without a Content-Length (chunked), Kestrel's body limit still stops it.
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new EvaluateRequest(program), PageJson.Options))));
        content.Headers.ContentType = new("application/json");
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/evaluate") { Content = content };
        chunked.Headers.TransferEncodingChunked = true;
        using var response = await Client.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task RequestsMustBeJsonAndAddressedToLocalhost()
    {
        using var form = new StringContent("program=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var wrongType = await Client.PostAsync("/api/evaluate", form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        using var rebinding = new HttpRequestMessage(HttpMethod.Get, "/");
        rebinding.Headers.Host = "attacker.example";
        using var refused = await Client.SendAsync(rebinding);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private static (string, int, int) Place(JsonElement e) =>
        (e.GetProperty("file").GetString()!, e.GetProperty("line").GetInt32(), e.GetProperty("column").GetInt32());
}

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Glassbox.Web;

/// <summary>
/// The page's routes: <c>GET /</c> (the page), <c>POST /api/evaluate</c>, <c>POST /api/compile</c> and
/// <c>GET /api/models/{id}/{file}</c> (downloads from memory). Bodies are JSON up to the request limit (413 above it).
/// </summary>
internal sealed class PageApi(JobRunner jobs, ModelStore models, PageLimits limits, string page)
{
    /// <summary>What the page lets the browser load: itself and nothing from anywhere else.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'self'; frame-src 'self' data: blob:; base-uri 'none'; form-action 'none'";

    /// <summary>Adds the routes (and, on loopback, a Host header check against DNS rebinding) to <paramref name="app"/>.</summary>
    public void Map(WebApplication app, bool allowRemote)
    {
        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (!allowRemote && !IsLocalHost(context.Request.Host.Host))
            {
                await Problem(StatusCodes.Status400BadRequest, "host", $"this page answers only to localhost / 127.0.0.1, not to '{context.Request.Host.Host}'").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.MapGet("/", (HttpContext context) =>
        {
            context.Response.Headers["Content-Security-Policy"] = ContentSecurityPolicy;
            context.Response.Headers["Cache-Control"] = "no-store";
            return Results.Text(page, "text/html; charset=utf-8");
        });
        app.MapPost("/api/evaluate", async (HttpContext context) =>
        {
            var (request, refused) = await ReadJson<EvaluateRequest>(context);
            if (refused is not null) return refused;
            var reply = await jobs.RunAsync(new WorkerRequest(request, null, limits), limits.EvaluateSeconds, context.RequestAborted);
            return reply.Failure is { } f ? Failure(f) : Results.Json(reply.Evaluate, PageJson.Options);
        });
        app.MapPost("/api/compile", async (HttpContext context) =>
        {
            var (request, refused) = await ReadJson<CompileRequest>(context);
            if (refused is not null) return refused;
            var reply = await jobs.RunAsync(new WorkerRequest(null, request, limits), limits.CompileSeconds, context.RequestAborted);
            if (reply.Failure is { } f) return Failure(f);
            var compiled = reply.Compile!;
            var id = models.Add(compiled.Files);
            return Results.Json(new
            {
                compiled.Title,
                compiled.Sizes,
                compiled.Parameters,
                compiled.Report,
                compiled.ResidualLabels,
                compiled.Check,
                compiled.Run,
                compiled.ViewsHtml,
                Downloads = compiled.Files.Select(a => new { a.Name, Url = $"/api/models/{id}/{Uri.EscapeDataString(a.Name)}", Bytes = a.Bytes.Length }),
            }, PageJson.Options);
        });
        app.MapGet("/api/models/{id}/{name}", (string id, string name) =>
            models.Find(id, name) is { } file
                ? Results.File(file.Bytes, file.ContentType, file.Name)
                : Problem(StatusCodes.Status404NotFound, "missing", "no such model file here (models are kept in memory: the last 16, until the server stops); compile again"));
    }

    private async Task<(T Request, IResult? Refused)> ReadJson<T>(HttpContext context) where T : class
    {
        if (!context.Request.HasJsonContentType())
            return (null!, Problem(StatusCodes.Status415UnsupportedMediaType, "media", "send the request as application/json"));
        if (context.Request.ContentLength > limits.MaxRequestBytes) return (null!, TooLarge());
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, PageJson.Options, context.RequestAborted);
            return value is null ? (null!, Problem(StatusCodes.Status400BadRequest, "json", "the request body is empty")) : (value, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return (null!, TooLarge()); }
        catch (JsonException e) { return (null!, Problem(StatusCodes.Status400BadRequest, "json", $"the request is not the JSON this route takes: {e.Message}")); }
    }

    private IResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, "too_large",
        $"the request is larger than {limits.MaxRequestBytes / 1024} KiB, the most this page accepts (program text and settings together)");

    private static IResult Failure(JobFailure f) => Results.Json(f, PageJson.Options, statusCode: f.Kind switch
    {
        "user" or "timeout" or "memory" => StatusCodes.Status422UnprocessableEntity,
        "busy" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    });

    private static IResult Problem(int status, string kind, string message) =>
        Results.Json(new JobFailure(kind, message, []), PageJson.Options, statusCode: status);

    private static bool IsLocalHost(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1" || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
}

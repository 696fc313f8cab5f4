using System.Net;

namespace Glassbox.Web;

/// <summary>Where the page listens and the limits every request runs under.</summary>
public sealed record ServeOptions
{
    /// <summary>The port <c>glassbox serve</c> uses when none is given.</summary>
    public const int DefaultPort = 5172;

    /// <summary>The address to listen on: an IP address or <c>localhost</c> (default 127.0.0.1).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (the started server reports which).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Allows an address other than loopback (anyone who can reach it can then run programs here).</summary>
    public bool AllowRemote { get; init; }

    /// <summary>How the server starts a worker process for each evaluation or compilation.</summary>
    public required WorkerLaunch Worker { get; init; }

    /// <summary>The limits of one request.</summary>
    public PageLimits Limits { get; init; } = new();

    /// <summary>
    /// The address to bind, refusing anything that is not loopback unless <see cref="AllowRemote"/> is set, and ports
    /// outside 0..65535. Throws <see cref="UserError"/> with what to change.
    /// </summary>
    public IPAddress BindAddress()
    {
        if (Port is < 0 or > 65535) throw new UserError($"--port {Port} is not a TCP port (0..65535; 0 picks a free one)");
        IPAddress address;
        if (string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)) address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(Host.Trim('[', ']'), out address!))
            throw new UserError($"--host '{Host}' is not an IP address or localhost");
        if (!IPAddress.IsLoopback(address) && !AllowRemote)
            throw new UserError($"refusing to listen on {address}: the page runs any program it is sent, so it listens on loopback (127.0.0.1) only; add --allow-remote to listen on {address} anyway");
        Limits.Check();
        return address;
    }
}

/// <summary>The size and time limits of the page's requests.</summary>
/// <param name="MaxRequestBytes">Largest request body (program text and settings); larger ones get 413.</param>
/// <param name="EvaluateSeconds">Wall-clock limit of one evaluation, worker start included; then the worker is killed.</param>
/// <param name="CompileSeconds">Wall-clock limit of one compilation (with its check and views).</param>
/// <param name="MaxVocabulary">Most tokens a compile may ask for.</param>
/// <param name="MaxSeqLen">Longest max-seq-len a compile may ask for.</param>
/// <param name="WorkerMemoryBytes">GC heap limit of a worker process: a program that needs more fails alone.</param>
/// <param name="MaxConcurrentJobs">Workers running at once; further requests wait (within their time limit).</param>
public sealed record PageLimits(
    long MaxRequestBytes = 64 * 1024,
    double EvaluateSeconds = 10,
    double CompileSeconds = 60,
    int MaxVocabulary = 32,
    int MaxSeqLen = 16,
    long WorkerMemoryBytes = 1L << 30,
    int MaxConcurrentJobs = 2)
{
    /// <summary>Refuses limits that cannot work (zero or negative).</summary>
    public void Check()
    {
        if (MaxRequestBytes < 1024) throw new UserError($"the request limit must be at least 1 KiB (got {MaxRequestBytes} bytes)");
        if (EvaluateSeconds <= 0 || CompileSeconds <= 0) throw new UserError("time limits must be positive");
        if (MaxVocabulary < 1 || MaxSeqLen < 1) throw new UserError("vocabulary and length limits must be at least 1");
        if (WorkerMemoryBytes < 64L << 20) throw new UserError("a worker needs at least 64 MiB");
        if (MaxConcurrentJobs < 1) throw new UserError("at least one job must be allowed to run");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Glassbox.Web;

/// <summary>
/// Runs each job in a fresh worker process with a time limit, a GC heap limit and its own empty temp folder as
/// working directory. A job past its limit (or whose request was abandoned) is stopped by killing the process
/// tree, so nothing keeps running after the answer. At most <see cref="PageLimits.MaxConcurrentJobs"/> run at once.
/// </summary>
public sealed class JobRunner(WorkerLaunch launch, PageLimits limits) : IDisposable
{
    /// <summary>Largest reply a worker may send (views and model files included).</summary>
    public const int MaxReplyBytes = 64 << 20;

    private readonly SemaphoreSlim _slots = new(limits.MaxConcurrentJobs, limits.MaxConcurrentJobs);

    /// <summary>Workers started so far (for tests and the log).</summary>
    public int Started => _started;
    private int _started;

    /// <summary>Workers stopped by killing them (time limit or abandoned request).</summary>
    public int Killed => _killed;
    private int _killed;

    /// <summary>Runs <paramref name="request"/> in a worker within <paramref name="seconds"/>; never throws for the job's own failures.</summary>
    public async Task<WorkerReply> RunAsync(WorkerRequest request, double seconds, CancellationToken abandoned)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(abandoned);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
        try { await _slots.WaitAsync(deadline.Token); }
        catch (OperationCanceledException)
        {
            return Failed("busy", $"the server was busy with other programs for {Seconds(seconds)}; try again");
        }
        var folder = Directory.CreateTempSubdirectory("glassbox-serve-");
        try { return await RunInWorker(request, seconds, folder.FullName, deadline.Token); }
        finally
        {
            _slots.Release();
            try { folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private async Task<WorkerReply> RunInWorker(WorkerRequest request, double seconds, string folder, CancellationToken deadline)
    {
        var info = launch.StartInfo(folder);
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limits.WorkerMemoryBytes.ToString("X", CultureInfo.InvariantCulture);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.StandardOutputEncoding = Encoding.UTF8;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start the worker {launch.FileName}");
        Interlocked.Increment(ref _started);
        var stdout = ReadCapped(process.StandardOutput.BaseStream, MaxReplyBytes);
        var stderr = ReadCapped(process.StandardError.BaseStream, 16 << 10);
        try
        {
            await JsonSerializer.SerializeAsync(process.StandardInput.BaseStream, request, PageJson.Options, deadline);
            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            Stop(process);
            await process.WaitForExitAsync(CancellationToken.None);
            return e is OperationCanceledException
                ? Failed("timeout", $"the program ran longer than {Seconds(seconds)} and was stopped (a loop that never ends, or too much work for the page)")
                : Failed("internal", "the worker closed its input early: " + Text(await stderr));
        }
        var (reply, complete) = await stdout;
        if (!complete) return Failed("memory", $"the result was larger than {MaxReplyBytes >> 20} MiB");
        var errors = Text(await stderr);
        if (process.ExitCode != 0 || reply.Length == 0)
        {
            return errors.Contains("OutOfMemory", StringComparison.Ordinal) || errors.Contains("GCHeapHardLimit", StringComparison.Ordinal)
                ? Failed("memory", $"the program needed more than {limits.WorkerMemoryBytes >> 20} MiB and was stopped")
                : Failed("internal", $"the worker failed (exit {process.ExitCode}): {errors.Trim()}");
        }
        try { return JsonSerializer.Deserialize<WorkerReply>(reply, PageJson.Options) ?? Failed("internal", "the worker sent an empty reply"); }
        catch (JsonException e) { return Failed("internal", $"the worker's reply is not valid JSON: {e.Message}"); }
    }

    private void Stop(Process process)
    {
        try
        {
            if (process.HasExited) return;
            process.Kill(entireProcessTree: true);
            Interlocked.Increment(ref _killed);
        }
        catch (InvalidOperationException) { }
    }

    private static async Task<(byte[] Bytes, bool Complete)> ReadCapped(Stream stream, int cap)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var complete = true;
        int read;
        while ((read = await stream.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > cap) { complete = false; continue; }
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), complete);
    }

    private static string Text((byte[] Bytes, bool Complete) read) => Encoding.UTF8.GetString(read.Bytes);

    private static string Seconds(double s) => s.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private static WorkerReply Failed(string kind, string message) => new(null, null, new JobFailure(kind, message, []));

    /// <summary>Releases the slot semaphore.</summary>
    public void Dispose() => _slots.Dispose();
}

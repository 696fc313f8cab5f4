using System.Text.Json;

namespace Glassbox.Web;

/// <summary>
/// The worker process's side (<c>glassbox serve --worker</c>): read one <see cref="WorkerRequest"/> as JSON from
/// standard input, do it, write one <see cref="WorkerReply"/> to standard output, exit. The server kills the process
/// when it runs past its time limit; its GC heap is capped, so a program that eats memory fails here alone.
/// </summary>
public static class Worker
{
    /// <summary>Serves one request from <paramref name="input"/> to <paramref name="output"/>; returns the exit code (0).</summary>
    public static int Run(Stream input, Stream output)
    {
        WorkerReply reply;
        try
        {
            var request = JsonSerializer.Deserialize<WorkerRequest>(input, PageJson.Options)
                ?? throw new InvalidDataException("the worker was sent no request");
            reply = Serve(request);
        }
        catch (PageError e) { reply = new WorkerReply(null, null, new JobFailure("user", e.Message, e.Errors)); }
        catch (UserError e) { reply = new WorkerReply(null, null, new JobFailure("user", e.Message, PageJobs.Diagnose(e) is { } d ? [d] : [])); }
        catch (OutOfMemoryException)
        {
            reply = new WorkerReply(null, null, new JobFailure("memory", "the program needed more memory than a page job may use and was stopped", []));
        }
        catch (InsufficientExecutionStackException)
        {
            reply = new WorkerReply(null, null, new JobFailure("user", "the program nests too deeply to run", []));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reply = new WorkerReply(null, null, new JobFailure("internal", $"internal error ({e.GetType().Name}): {e.Message}", []));
        }
        JsonSerializer.Serialize(output, reply, PageJson.Options);
        output.Flush();
        return 0;
    }

    /// <summary>Does one request in this process (the worker calls it; tests may too).</summary>
    public static WorkerReply Serve(WorkerRequest request)
    {
        request.Limits.Check();
        if (request.Evaluate is { } evaluate) return new WorkerReply(PageJobs.Evaluate(evaluate), null, null);
        if (request.Compile is { } compile) return new WorkerReply(null, PageJobs.Compile(compile, request.Limits), null);
        throw new InvalidDataException("the request asks for neither an evaluation nor a compilation");
    }
}

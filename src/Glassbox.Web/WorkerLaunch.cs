using System.Diagnostics;

namespace Glassbox.Web;

/// <summary>
/// The command line that starts one worker process (<c>glassbox serve --worker</c>): the server runs every evaluation
/// and compilation in a fresh worker, so a program that loops or eats memory is stopped by killing its process.
/// </summary>
/// <param name="FileName">The executable: the dotnet host or the CLI's own launcher.</param>
/// <param name="Arguments">Its arguments, ending with <c>serve --worker</c>.</param>
public sealed record WorkerLaunch(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// The worker command for the CLI assembly at <paramref name="cliAssembly"/> (Glassbox.Cli.dll): through the
    /// dotnet host running this process when there is one, else the launcher beside the assembly, else <c>dotnet</c>
    /// from PATH.
    /// </summary>
    public static WorkerLaunch ForCli(string cliAssembly)
    {
        string[] worker = ["serve", "--worker"];
        var host = DotnetHost();
        if (host is not null) return new WorkerLaunch(host, ["exec", cliAssembly, .. worker]);
        var launcher = Path.ChangeExtension(cliAssembly, null);
        if (File.Exists(launcher)) return new WorkerLaunch(launcher, worker);
        return new WorkerLaunch("dotnet", ["exec", cliAssembly, .. worker]);
    }

    private static string? DotnetHost()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return hostPath is not null && File.Exists(hostPath) ? hostPath : null;
    }

    /// <summary>A start description for this command with redirected standard streams.</summary>
    internal ProcessStartInfo StartInfo(string workingDirectory)
    {
        var info = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in Arguments) info.ArgumentList.Add(a);
        return info;
    }
}

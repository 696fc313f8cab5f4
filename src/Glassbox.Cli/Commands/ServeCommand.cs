using System.CommandLine;
using Glassbox.Web;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox serve [--port P] [--host ADDRESS] [--allow-remote]</c>: the local page (editor, live evaluation,
/// compile, views, downloads) on 127.0.0.1. <c>--worker</c> (hidden) is the process the server runs each job in.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = $"The TCP port (0 picks a free one).", DefaultValueFactory = _ => ServeOptions.DefaultPort };
        var host = new Option<string>("--host") { Description = "The address to listen on (loopback only, unless --allow-remote).", DefaultValueFactory = _ => "127.0.0.1" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow an address other than loopback: anyone who reaches it can run programs on this machine." };
        var worker = new Option<bool>("--worker") { Description = "Run one page job from standard input (the server starts these).", Hidden = true };
        var command = new Command("serve", "Serve a local page: write RASP, watch it run, compile it, see the model and download it.");
        foreach (var o in new Option[] { port, host, allowRemote, worker }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            if (parse.GetValue(worker))
            {
                using var stdin = Console.OpenStandardInput();
                using var stdout = Console.OpenStandardOutput();
                return Worker.Run(stdin, stdout);
            }
            var options = new ServeOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                AllowRemote = parse.GetValue(allowRemote),
                Worker = WorkerLaunch.ForCli(typeof(ServeCommand).Assembly.Location),
            };
            options.BindAddress();
            var output = parse.InvocationConfiguration.Output;
            var server = PageServer.StartAsync(options).GetAwaiter().GetResult();
            try
            {
                if (options.AllowRemote && !System.Net.IPAddress.IsLoopback(options.BindAddress()))
                    output.WriteLine($"warning: listening on {options.Host}: anyone who can reach this address can run programs here");
                output.WriteLine($"Glassbox page: {server.Address} (Ctrl+C stops it)");
                output.Flush();
                server.WaitForShutdownAsync().GetAwaiter().GetResult();
            }
            finally { server.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
            return CommandRunner.Ok;
        }));
        return command;
    }
}

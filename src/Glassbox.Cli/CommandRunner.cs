using System.CommandLine;

namespace Glassbox.Cli;

/// <summary>Runs the command line and maps failures to the exit-code contract: 0 ok, 1 user error, 2 internal error.</summary>
public static class CommandRunner
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;
    /// <summary>Exit code for an error in the user's input: a message on stderr, no stack trace.</summary>
    public const int UserFailure = 1;
    /// <summary>Exit code for a bug in Glassbox.</summary>
    public const int InternalFailure = 2;

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and invokes the chosen action.</summary>
    public static int Run(Command root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var config = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        var error = stderr ?? Console.Error;
        try
        {
            var parse = root.Parse(args);
            return parse.Invoke(config);
        }
        catch (Exception e) when (UnwrapUserError(e) is { } user)
        {
            error.WriteLine($"error: {user.Message}");
            return UserFailure;
        }
        catch (Exception e)
        {
            error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("GLASSBOX_DEBUG") is not null)
                error.WriteLine(e);
            else
                error.WriteLine("(set GLASSBOX_DEBUG=1 for the stack trace; please report this)");
            return InternalFailure;
        }
    }

    private static UserError? UnwrapUserError(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is UserError u) return u;
            if (x is IOException or UnauthorizedAccessException) return new UserError(x.Message, x);
        }
        return null;
    }
}

namespace Glassbox;

/// <summary>
/// An error in what the user gave us (a program, a file, an option value). The command line prints its message
/// and exits with code 1, without a stack trace. Anything else that escapes is an internal error (exit code 2).
/// </summary>
public class UserError : Exception
{
    /// <summary>Creates a user error with a message that says what is wrong and, where known, where.</summary>
    public UserError(string message) : base(message) { }

    /// <summary>Creates a user error that wraps the lower-level cause.</summary>
    public UserError(string message, Exception inner) : base(message, inner) { }
}

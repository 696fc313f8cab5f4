namespace Glassbox.Rasp;

/// <summary>An error while building or evaluating a RASP program that the program's author caused.</summary>
public class RaspError : UserError
{
    /// <summary>Creates a RASP error with a message that names what went wrong and where.</summary>
    public RaspError(string message) : base(message) { }

    /// <summary>Creates a RASP error that wraps its cause.</summary>
    public RaspError(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A Python-style type error: an operation applied to values of kinds it does not accept (e.g. "a" &lt; 1).</summary>
public sealed class RaspTypeError : RaspError
{
    /// <summary>Creates a type error.</summary>
    public RaspTypeError(string message) : base(message) { }

    /// <summary>Creates a type error that wraps its cause (the same error seen from an enclosing s-op).</summary>
    public RaspTypeError(string message, Exception inner) : base(message, inner) { }
}

using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Script;

/// <summary>Runs a .rasp file without printing and hands out the s-ops it defines (for analyse, compile, views).</summary>
public static class ScriptLoader
{
    /// <summary>
    /// Runs <paramref name="path"/> silently and returns its s-op <paramref name="name"/> (the node carries its
    /// source spans). A file with errors, a missing name, or a name that is not an s-op is a <see cref="UserError"/>
    /// naming the problem (and, for errors in the file, every failing statement's file:line:column).
    /// </summary>
    public static SOp LoadSOp(string path, string name)
    {
        if (!File.Exists(path)) throw new UserError($"no such file: {path}");
        var errors = new StringWriter();
        var interpreter = new Interpreter(TextWriter.Null) { Errors = errors };
        interpreter.Settings.ShowSOpExamples = interpreter.Settings.ShowSelectorExamples = false;
        interpreter.Run(new SourceText(path, File.ReadAllText(path)));
        if (interpreter.ErrorCount > 0)
            throw new UserError($"{path} has errors:\n{errors.ToString().TrimEnd()}");
        return interpreter.Lookup(name) switch
        {
            SOpValue s => s.SOp,
            null => throw new UserError($"{path} defines no s-op named '{name}'"),
            FunctionValue f => throw new UserError($"'{name}' in {path} is the function {f.Signature}; pass an s-op, e.g. assign x = {name}(tokens); and use x"),
            var other => throw new UserError($"'{name}' in {path} is a {other.TypeName}, not an s-op"),
        };
    }
}

using System.CommandLine;
using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Glassbox.Rasp.Script;
using Glassbox.Transformers;

namespace Glassbox.Cli.Commands;

/// <summary>
/// A model a command opened: a program compiled now (<see cref="Compilation"/> and <see cref="Compiled"/> set),
/// a saved compiled model <c>*.gbx.json</c> (<see cref="Compiled"/> set) or a trained model <c>*.gbm</c>
/// (<see cref="Trained"/> set).
/// </summary>
/// <param name="Title">The program's or the file's name, for headings.</param>
/// <param name="Compiled">The compiled weights, when the model is compiled.</param>
/// <param name="Compilation">Every pass of the compilation, when the program was compiled by this command.</param>
/// <param name="Trained">The trained model with its tokenizer, when the model was trained.</param>
internal sealed record OpenedModel(string Title, CompiledModel? Compiled, Compilation? Compilation, ModelBundle? Trained)
{
    /// <summary>The compiled weights, or a user error naming <paramref name="what"/> for a trained model.</summary>
    public CompiledModel RequireCompiled(string what) => Compiled
        ?? throw new UserError($"{what} needs a compiled model (FILE --sop NAME, --lib NAME or a *.gbx.json file); '{Title}' is a trained model");

    /// <summary>The trained model, or a user error naming <paramref name="what"/> for a compiled model.</summary>
    public ModelBundle RequireTrained(string what) => Trained
        ?? throw new UserError($"{what} needs a trained model (*.gbm from glassbox train); '{Title}' is a compiled model");

    /// <summary>
    /// Maps space-separated words to the compiled model's vocabulary tokens by their printed form; unknown words and
    /// over-long inputs are refused by name.
    /// </summary>
    public IReadOnlyList<Value> ParseInput(string text)
    {
        var model = RequireCompiled("an input of vocabulary tokens");
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new UserError("the input is empty: give tokens separated by spaces, e.g. --input \"1 2 3\"");
        var result = new List<Value>(words.Length);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            var match = model.Vocabulary.FirstOrDefault(v => v.ToString() == word, Value.None);
            if (match.IsNone)
                throw new UserError($"token '{word}' at position {i} is not in the model's vocabulary {{{string.Join(", ", model.Vocabulary)}}}");
            result.Add(match);
        }
        if (result.Count > model.MaxSeqLen)
            throw new UserError($"the input has {result.Count} tokens but the model was compiled for at most {model.MaxSeqLen} (--max-seq-len)");
        return result;
    }

    /// <summary>Token ids of a trained model's input (its tokenizer), refused when longer than it was trained on.</summary>
    public int[] EncodeTrained(string text)
    {
        var bundle = RequireTrained("a tokenized input");
        var ids = bundle.Tokenizer.Encode(text);
        if (ids.Length == 0) throw new UserError("the input is empty");
        if (bundle.Task != "text" && ids.Length > bundle.MaxInputLength)
            throw new UserError($"the input has {ids.Length} symbols; this model was trained on inputs of at most {bundle.MaxInputLength}");
        return ids;
    }
}

/// <summary>
/// The one way commands open a model: <c>FILE --sop NAME</c> or <c>--lib NAME[:args]</c> compiled with
/// <c>--vocab</c>, <c>--max-seq-len</c>, <c>--causal</c> and <c>--semantics</c>, or a saved model file in their place
/// (<c>*.gbx.json</c> compiled, <c>*.gbm</c> trained).
/// </summary>
internal sealed record ModelSource(Argument<string?> File, Option<string?> Sop, Option<string?> Lib, Option<string?> Vocab,
    Option<int?> MaxSeqLen, Option<bool> Causal, Option<string?> Semantics)
{
    /// <summary>Adds the FILE argument and the program options to <paramref name="command"/>.</summary>
    public static ModelSource AddTo(Command command, string? fileDescription = null)
    {
        var source = new ModelSource(
            new Argument<string?>("FILE")
            {
                Description = fileDescription ?? "A .rasp script (with --sop), a compiled model (*.gbx.json, or *.onnx from glassbox export) or a trained model (*.gbm).",
                Arity = ArgumentArity.ZeroOrOne,
            },
            new Option<string?>("--sop") { Description = "The s-op of FILE to compile (a name the script assigns)." },
            new Option<string?>("--lib") { Description = "A library program, NAME or NAME:args (e.g. sort, frac_prevs:1, detect_pattern:1,2)." },
            new Option<string?>("--vocab") { Description = "Comma-separated input tokens (all integers → ints), when compiling." },
            new Option<int?>("--max-seq-len") { Description = "The longest input (BOS not counted), when compiling." },
            new Option<bool>("--causal") { Description = "Compile with a causal mask (matches the causal evaluator)." },
            new Option<string?>("--semantics") { Description = "Aggregate semantics to reproduce: tracr or rasp (default: the library program's; rasp for FILE)." });
        command.Arguments.Add(source.File);
        foreach (var option in new Option[] { source.Sop, source.Lib, source.Vocab, source.MaxSeqLen, source.Causal, source.Semantics })
            command.Options.Add(option);
        return source;
    }

    /// <summary>Opens the model the command line names: compiles a program, or loads a model file.</summary>
    public OpenedModel Open(ParseResult parse)
    {
        string? path = parse.GetValue(File);
        if (path is not null && parse.GetValue(Sop) is null && parse.GetValue(Lib) is null)
        {
            if (path.EndsWith(".gbm", StringComparison.OrdinalIgnoreCase))
                return new OpenedModel(Path.GetFileNameWithoutExtension(path), null, null, TrainedModelFile.Load(path));
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                var model = ModelFile.Load(path);
                return new OpenedModel(model.ProgramName, model, null, null);
            }
            if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                var model = Glassbox.Interop.Onnx.OnnxImport.LoadCompiled(path);
                return new OpenedModel(model.ProgramName, model, null, null);
            }
            if (path.EndsWith(".rasp", StringComparison.OrdinalIgnoreCase))
                throw new UserError($"'{path}' is a RASP script: say which s-op to open with --sop NAME");
            throw new UserError($"'{path}' is not a model file Glassbox opens (*.gbx.json or *.onnx compiled, *.gbm trained) nor a .rasp script with --sop");
        }
        var compilation = Compile(parse);
        return new OpenedModel(compilation.Model.ProgramName, compilation.Model, compilation, null);
    }

    /// <summary>Compiles the program named by <c>FILE --sop NAME</c> or <c>--lib NAME</c> (model files are refused).</summary>
    public Compilation Compile(ParseResult parse)
    {
        var (program, title, semantics) = Program(parse);
        return RaspCompiler.Compile(program, Options(parse, semantics), title);
    }

    /// <summary>The program, its title and the semantics to reproduce (the library entry's, rasp for text, or --semantics).</summary>
    public (SOp Program, string Title, AggregateSemantics Semantics) Program(ParseResult parse)
    {
        string? path = parse.GetValue(File), name = parse.GetValue(Sop), spec = parse.GetValue(Lib);
        SOp program;
        string title;
        var semantics = AggregateSemantics.Rasp01;
        if (spec is not null)
        {
            if (path is not null || name is not null) throw new UserError("give either FILE --sop NAME or --lib NAME, not both");
            var entry = RaspLibrary.Resolve(spec, RequireMaxSeqLen(parse));
            (program, title, semantics) = (entry.Program, entry.Spec, entry.Semantics);
        }
        else if (path is null || name is null)
            throw new UserError("say which program: FILE --sop NAME, --lib NAME[:args], or a saved model file");
        else (program, title) = (ScriptLoader.LoadSOp(path, name), name);
        semantics = parse.GetValue(Semantics) switch
        {
            null => semantics,
            "tracr" => AggregateSemantics.Tracr,
            "rasp" or "rasp01" => AggregateSemantics.Rasp01,
            var other => throw new UserError($"--semantics '{other}' is not tracr or rasp"),
        };
        return (program, title, semantics);
    }

    /// <summary>The compile options from <c>--vocab</c>, <c>--max-seq-len</c> and <c>--causal</c>.</summary>
    public CompileOptions Options(ParseResult parse, AggregateSemantics semantics)
    {
        var text = parse.GetValue(Vocab) ?? throw new UserError("--vocab is needed to compile the program (e.g. --vocab 1,2,3)");
        var items = text.Split(',').Select(s => s.Trim()).ToList();
        if (items.Any(s => s.Length == 0)) throw new UserError($"--vocab '{text}' has an empty token");
        return new CompileOptions(Value.ParseVocabulary(items), RequireMaxSeqLen(parse), parse.GetValue(Causal), semantics);
    }

    private int RequireMaxSeqLen(ParseResult parse) =>
        parse.GetValue(MaxSeqLen) ?? throw new UserError("--max-seq-len is needed to compile the program (e.g. --max-seq-len 5)");
}

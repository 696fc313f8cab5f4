using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens;

/// <summary>
/// Running models with caches and hooks, TransformerLens style (<c>run_with_cache</c>, <c>run_with_hooks</c>), and
/// interventions built on them: ablation and activation patching. Works for any engine model: trained, compiled or
/// the looped computer. Positions are columns of one sequence (0 = BOS for compiled models).
/// </summary>
public static class Patching
{
    /// <summary>Logits and a cache of every hook point (or those passing <paramref name="names"/>).</summary>
    public static (Tensor<double> Logits, ActivationCache<double> Cache) RunWithCache(Transformer<double> model, int[] tokens,
        Func<string, bool>? names = null)
    {
        var cache = new ActivationCache<double>(names);
        return (model.Forward(tokens, null, cache), cache);
    }

    /// <summary>Logits with the given hooks active for this one run.</summary>
    public static Tensor<double> RunWithHooks(Transformer<double> model, int[] tokens, params (string Name, ForwardHook<double> Hook)[] hooks)
    {
        var set = new HookSet<double>();
        foreach (var (name, hook) in hooks) set.Add(name, hook);
        return model.Forward(tokens, set);
    }

    /// <summary>
    /// Generates <paramref name="count"/> tokens after <paramref name="prompt"/> (Algorithm 14 with temperature τ; τ = 0
    /// is greedy) with <paramref name="hooks"/> active at every step; the cache holds the activations of the last step
    /// (the whole sequence but the final sampled token).
    /// </summary>
    public static (int[] Tokens, ActivationCache<double> Cache) GenerateWithCache(Transformer<double> model, int[] prompt, int count,
        double temperature, int seed, HookSet<double>? hooks = null, Func<string, bool>? names = null)
    {
        var rng = new Random(seed);
        var x = prompt.ToList();
        var cache = new ActivationCache<double>(names);
        for (int i = 0; i < count; i++)
        {
            var logits = model.Forward(x.ToArray(), hooks, cache);
            x.Add(Inference.Sample<double>(logits.Column(logits.Columns - 1), temperature, rng));
        }
        return (x.ToArray(), cache);
    }

    /// <summary>
    /// Activation patching: runs <paramref name="target"/> with the activation at <paramref name="hook"/> (head
    /// <paramref name="head"/> for per-head points, −1 otherwise) replaced by the one recorded in
    /// <paramref name="source"/>, at the given columns only (all when null). Returns the patched logits.
    /// </summary>
    public static Tensor<double> Patch(Transformer<double> model, int[] target, ActivationCache<double> source, string hook,
        int head = -1, IReadOnlyList<int>? positions = null)
    {
        var from = head < 0 ? source[hook] : source[hook, head];
        return Edit(model, target, hook, head, positions, (activation, column) =>
        {
            if (from.Rows != activation.Rows || from.Columns != activation.Columns)
                throw new ArgumentException($"cannot patch {hook}: source is {from.Rows}×{from.Columns}, target {activation.Rows}×{activation.Columns} (patch sequences of one length)");
            from.Column(column).CopyTo(activation.Column(column));
        });
    }

    /// <summary>Zero ablation of a hook point (one head, or all of it) at the given columns (all when null).</summary>
    public static Tensor<double> ZeroAblate(Transformer<double> model, int[] tokens, string hook, int head = -1, IReadOnlyList<int>? positions = null) =>
        Edit(model, tokens, hook, head, positions, (activation, column) => activation.Column(column).Clear());

    /// <summary>Mean ablation: the activation's columns are replaced by <paramref name="mean"/> (a d×1 vector, e.g. a mean over a data set).</summary>
    public static Tensor<double> MeanAblate(Transformer<double> model, int[] tokens, string hook, Tensor<double> mean, int head = -1,
        IReadOnlyList<int>? positions = null) =>
        Edit(model, tokens, hook, head, positions, (activation, column) => mean.Column(0).CopyTo(activation.Column(column)));

    /// <summary>Runs <paramref name="tokens"/> with <paramref name="edit"/> applied to chosen columns of one hook point.</summary>
    public static Tensor<double> Edit(Transformer<double> model, int[] tokens, string hook, int head, IReadOnlyList<int>? positions,
        Action<Tensor<double>, int> edit)
    {
        bool fired = false;
        var hooks = new HookSet<double>().Add(hook, c =>
        {
            if (head >= 0 && c.Head != head) return;
            fired = true;
            foreach (var column in positions ?? Enumerable.Range(0, c.Activation.Columns).ToList()) edit(c.Activation, column);
        });
        var logits = model.Forward(tokens, hooks);
        if (!fired) throw new ArgumentException($"hook point '{hook}'{(head >= 0 ? $" head {head}" : "")} does not exist in this model");
        return logits;
    }

    /// <summary>
    /// Patches the residual stream entering each block at each position from a clean run into a corrupted run of the
    /// same length and reports (metric(patched) − metric(corrupted)) / (metric(clean) − metric(corrupted)), [layer, position]:
    /// 1 means that position of that layer's residual carries everything the metric needs.
    /// </summary>
    public static double[,] ResidualSweep(Transformer<double> model, int[] clean, int[] corrupted, Func<Tensor<double>, double> metric)
    {
        if (clean.Length != corrupted.Length) throw new ArgumentException("clean and corrupted inputs must have the same length");
        var (cleanLogits, cache) = RunWithCache(model, clean, n => n.EndsWith("hook_resid_pre", StringComparison.Ordinal));
        double mc = metric(cleanLogits), mx = metric(model.Forward(corrupted));
        int layers = model.Blocks.Blocks.Count;
        var result = new double[layers, clean.Length];
        for (int l = 0; l < layers; l++)
            for (int p = 0; p < clean.Length; p++)
            {
                double mp = metric(Patch(model, corrupted, cache, HookNames.ResidPre(l), -1, [p]));
                result[l, p] = mc == mx ? 0 : (mp - mx) / (mc - mx);
            }
        return result;
    }

    /// <summary>As <see cref="ResidualSweep"/>, patching each head's output hook_z at all positions: [layer][head].</summary>
    public static double[][] HeadSweep(Transformer<double> model, int[] clean, int[] corrupted, Func<Tensor<double>, double> metric)
    {
        if (clean.Length != corrupted.Length) throw new ArgumentException("clean and corrupted inputs must have the same length");
        var (cleanLogits, cache) = RunWithCache(model, clean, n => n.EndsWith("attn.hook_z", StringComparison.Ordinal));
        double mc = metric(cleanLogits), mx = metric(model.Forward(corrupted));
        return model.Blocks.Blocks.Select((b, l) => Enumerable.Range(0, b.SelfAttention?.Heads.Count ?? 0).Select(h =>
        {
            double mp = metric(Patch(model, corrupted, cache, HookNames.Z(l), h));
            return mc == mx ? 0 : (mp - mx) / (mc - mx);
        }).ToArray()).ToArray();
    }
}

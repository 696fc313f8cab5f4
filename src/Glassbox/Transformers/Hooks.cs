using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// TransformerLens names of the hook points. Blocks of an encoder-decoder's encoder carry the prefix
/// <c>encoder.</c>; a decoder block's cross-attention uses <c>blocks.{l}.cross_attn.*</c>.
/// </summary>
public static class HookNames
{
    /// <summary><c>hook_embed</c>: W_e[:, x[t]] for every token (d×ℓ).</summary>
    public const string Embed = "hook_embed";
    /// <summary><c>hook_pos_embed</c>: W_p[:, t] for every position (d×ℓ).</summary>
    public const string PosEmbed = "hook_pos_embed";
    /// <summary><c>hook_logits</c>: W_u X, the final logits (N_V×ℓ).</summary>
    public const string Logits = "hook_logits";
    /// <summary><c>ln_final.hook_normalized</c>: the final layer norm's output (d×ℓ).</summary>
    public const string FinalNorm = "ln_final.hook_normalized";

    /// <summary><c>blocks.{l}.hook_resid_pre</c>: the residual stream entering block l (d×ℓ).</summary>
    public static string ResidPre(int l, string prefix = "") => $"{prefix}blocks.{l}.hook_resid_pre";
    /// <summary><c>blocks.{l}.hook_resid_mid</c>: after the (self-)attention sub-layer (and its post-LN) (d×ℓ).</summary>
    public static string ResidMid(int l, string prefix = "") => $"{prefix}blocks.{l}.hook_resid_mid";
    /// <summary><c>blocks.{l}.hook_resid_post</c>: the residual stream leaving block l (d×ℓ).</summary>
    public static string ResidPost(int l, string prefix = "") => $"{prefix}blocks.{l}.hook_resid_post";
    /// <summary><c>blocks.{l}.hook_attn_out</c>: W_o Y + b_o, the attention sub-layer's output (d×ℓ).</summary>
    public static string AttnOut(int l, string prefix = "", string attn = "attn") => $"{prefix}blocks.{l}.hook_{attn}_out";
    /// <summary><c>blocks.{l}.hook_mlp_out</c>: the MLP sub-layer's output (d×ℓ).</summary>
    public static string MlpOut(int l, string prefix = "") => $"{prefix}blocks.{l}.hook_mlp_out";
    /// <summary><c>blocks.{l}.mlp.hook_pre</c>: W_1 x + b_1 (d_mlp×ℓ).</summary>
    public static string MlpPre(int l, string prefix = "") => $"{prefix}blocks.{l}.mlp.hook_pre";
    /// <summary><c>blocks.{l}.mlp.hook_post</c>: the activation of hook_pre (d_mlp×ℓ).</summary>
    public static string MlpPost(int l, string prefix = "") => $"{prefix}blocks.{l}.mlp.hook_post";
    /// <summary><c>blocks.{l}.attn.hook_q</c>, one per head: Q = W_q X + b_q (d_attn×ℓ).</summary>
    public static string Q(int l, string prefix = "", string attn = "attn") => $"{prefix}blocks.{l}.{attn}.hook_q";
    /// <summary><c>blocks.{l}.attn.hook_k</c>, one per head: K = W_k Z + b_k (d_attn×ℓ_z).</summary>
    public static string K(int l, string prefix = "", string attn = "attn") => $"{prefix}blocks.{l}.{attn}.hook_k";
    /// <summary><c>blocks.{l}.attn.hook_v</c>, one per head: V = W_v Z + b_v (d_mid×ℓ_z).</summary>
    public static string V(int l, string prefix = "", string attn = "attn") => $"{prefix}blocks.{l}.{attn}.hook_v";
    /// <summary>
    /// <c>blocks.{l}.attn.hook_attn_scores</c>, one per head: the scaled, masked scores S[t_z, t_x] (rows = keys,
    /// columns = queries, as in the paper; −∞ where masked). This is the transpose of TransformerLens' [query, key].
    /// </summary>
    public static string Scores(int l, string prefix = "", string attn = "attn") => $"{prefix}blocks.{l}.{attn}.hook_attn_scores";
    /// <summary><c>blocks.{l}.attn.hook_pattern</c>, one per head: the weights A[t_z, t_x] (each column sums to 1; rows = keys).</summary>
    public static string Pattern(int l, string prefix = "", string attn = "attn") => $"{prefix}blocks.{l}.{attn}.hook_pattern";
    /// <summary><c>blocks.{l}.attn.hook_z</c>, one per head: Y^h = V A (d_mid×ℓ).</summary>
    public static string Z(int l, string prefix = "", string attn = "attn") => $"{prefix}blocks.{l}.{attn}.hook_z";
    /// <summary><c>blocks.{l}.attn.hook_result</c>, one per head: head h's write into the residual, W_o^h Y^h (d×ℓ).</summary>
    public static string Result(int l, string prefix = "", string attn = "attn") => $"{prefix}blocks.{l}.{attn}.hook_result";
}

/// <summary>What a hook sees: the hook point, and the activation itself (edit it in place to replace it; edit only
/// this activation, not tensors kept from earlier hooks of the same pass).</summary>
public sealed class HookContext<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal HookContext(string name, int head, Tensor<T> activation, SequenceLayout layout)
    {
        Name = name;
        Head = head;
        Activation = activation;
        Layout = layout;
    }

    /// <summary>The hook point's name, e.g. <c>blocks.0.attn.hook_pattern</c>.</summary>
    public string Name { get; }

    /// <summary>The head index for per-head hook points, −1 otherwise.</summary>
    public int Head { get; }

    /// <summary>
    /// The activation, columns = tokens of all sequences of the batch side by side (see <see cref="Layout"/>); for
    /// attention scores and patterns, rows = key positions (padded to the longest context) and columns = queries.
    /// Writing into it replaces the activation for the rest of the forward pass.
    /// </summary>
    public Tensor<T> Activation { get; }

    /// <summary>Where each sequence of the batch lies among the columns.</summary>
    public SequenceLayout Layout { get; }

    /// <summary>Replaces the activation with <paramref name="value"/> (same shape).</summary>
    public void Replace(Tensor<T> value)
    {
        if (!value.SameShape(Activation))
            throw new ArgumentException($"hook {Name}: replacement is {value.Rows}×{value.Columns}, activation is {Activation.Rows}×{Activation.Columns}");
        value.CopyTo(Activation);
    }
}

/// <summary>A forward hook: reads the activation, or changes it in place.</summary>
public delegate void ForwardHook<T>(HookContext<T> context) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>A set of forward hooks keyed by hook-point name (or by a name filter).</summary>
public sealed class HookSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(Func<string, bool> Filter, ForwardHook<T> Hook)> _hooks = [];

    /// <summary>Adds a hook on the point named <paramref name="name"/>.</summary>
    public HookSet<T> Add(string name, ForwardHook<T> hook)
    {
        _hooks.Add((n => n == name, hook));
        return this;
    }

    /// <summary>Adds a hook on every point whose name passes <paramref name="filter"/>.</summary>
    public HookSet<T> Add(Func<string, bool> filter, ForwardHook<T> hook)
    {
        _hooks.Add((filter, hook));
        return this;
    }

    internal bool Wants(string name) => _hooks.Exists(h => h.Filter(name));

    internal void Invoke(HookContext<T> context)
    {
        foreach (var (filter, hook) in _hooks)
            if (filter(context.Name)) hook(context);
    }
}

/// <summary>
/// Copies of activations recorded during a forward pass, by hook-point name (and head for per-head points), as in
/// TransformerLens' <c>ActivationCache</c>. Per-head entries are read with <c>cache[name, head]</c>.
/// </summary>
public sealed class ActivationCache<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<(string Name, int Head), Tensor<T>> _store = new();
    private readonly Func<string, bool> _filter;

    /// <summary>A cache that records every hook point, or only those passing <paramref name="filter"/>.</summary>
    public ActivationCache(Func<string, bool>? filter = null) => _filter = filter ?? (_ => true);

    /// <summary>The activation at a hook point without heads.</summary>
    public Tensor<T> this[string name] => Get(name, -1);

    /// <summary>The activation of head <paramref name="head"/> at a per-head hook point.</summary>
    public Tensor<T> this[string name, int head] => Get(name, head);

    /// <summary>True when the cache holds the entry.</summary>
    public bool Contains(string name, int head = -1) => _store.ContainsKey((name, head));

    /// <summary>The recorded hook-point names (per-head points once), in recording order.</summary>
    public IEnumerable<string> Names => _store.Keys.Select(k => k.Name).Distinct();

    /// <summary>Number of heads recorded for a per-head hook point.</summary>
    public int HeadCount(string name) => _store.Keys.Count(k => k.Name == name && k.Head >= 0);

    /// <summary>The attention pattern A[t_z, t_x] of head <paramref name="head"/> in layer <paramref name="layer"/>.</summary>
    public Tensor<T> Pattern(int layer, int head) => Get(HookNames.Pattern(layer), head);

    internal bool Wants(string name) => _filter(name);

    internal void Store(string name, int head, Tensor<T> activation) => _store[(name, head)] = activation.Clone();

    private Tensor<T> Get(string name, int head) => _store.TryGetValue((name, head), out var t)
        ? t
        : throw new KeyNotFoundException(head < 0 ? $"no activation '{name}' in the cache" : $"no activation '{name}' for head {head} in the cache");
}

/// <summary>The state of one forward pass: scratch memory, hooks, cache, and whether to keep what backward needs.</summary>
internal sealed class ForwardContext<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ForwardContext(Workspace<T> workspace, SequenceLayout layout, HookSet<T>? hooks, ActivationCache<T>? cache)
    {
        Workspace = workspace;
        Layout = layout;
        Hooks = hooks;
        Cache = cache;
    }

    public Workspace<T> Workspace { get; }
    public SequenceLayout Layout { get; set; }

    /// <summary>Products skip zero activations (<see cref="Transformer{T}.SparseActivations"/>).</summary>
    public bool SparseActivations { get; init; }
    public HookSet<T>? Hooks { get; }
    public ActivationCache<T>? Cache { get; }

    /// <summary>
    /// The non-zero pattern of <paramref name="x"/> in the owner's slot, for several products that read the same X,
    /// or null when the model runs dense. The pattern describes X as it is now: a hook may edit the activation it is
    /// handed, but must not edit other tensors of the pass (such as a residual it kept from an earlier hook), or
    /// products that reuse a pattern would read stale positions.
    /// </summary>
    public SparsePattern? PatternOf(object owner, string slot, Tensor<T> x) =>
        SparseActivations ? Workspace.Pattern(owner, slot).Find(x, Kernels.SparseColumnsMaxDensity) : null;

    /// <summary><paramref name="y"/> ← W X, through <see cref="Kernels.MatMulSparseColumns{T}(Tensor{T}, Tensor{T}, SparsePattern, Tensor{T})"/>
    /// when activations are sparse (with X's pattern when the caller has it).</summary>
    public void Product(Tensor<T> w, Tensor<T> x, Tensor<T> y, SparsePattern? pattern = null)
    {
        if (!SparseActivations) Kernels.MatMul(w, x, y);
        else if (pattern is null) Kernels.MatMulSparseColumns(w, x, y);
        else Kernels.MatMulSparseColumns(w, x, pattern, y);
    }

    /// <summary><paramref name="y"/> ← W X + b 1ᵀ (no bias when <paramref name="b"/> is null).</summary>
    public void Linear(Tensor<T> w, Tensor<T>? b, Tensor<T> x, Tensor<T> y, SparsePattern? pattern = null)
    {
        Product(w, x, y, pattern);
        if (b is not null) Kernels.AddColumnBroadcast(y, b, y);
    }

    /// <summary>True when a hook or the cache looks at <paramref name="name"/>.</summary>
    public bool Observed(string name) => (Hooks?.Wants(name) ?? false) || (Cache?.Wants(name) ?? false);

    /// <summary>Runs the hooks on <paramref name="activation"/> (they may change it), then records it in the cache.</summary>
    public void Fire(string name, Tensor<T> activation, int head = -1, SequenceLayout? layout = null)
    {
        if (Hooks is not null && Hooks.Wants(name)) Hooks.Invoke(new HookContext<T>(name, head, activation, layout ?? Layout));
        if (Cache is not null && Cache.Wants(name)) Cache.Store(name, head, activation);
    }
}

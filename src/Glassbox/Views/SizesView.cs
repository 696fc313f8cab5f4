using System.Text;
using Glassbox.Compiler;

namespace Glassbox.Views;

/// <summary>The compiled model's sizes and the compiler's allocation report (Compiler/<see cref="Diagnostics"/>).</summary>
public static class SizesView
{
    /// <summary>A table of sizes, a bar per layer (heads, MLP width) and, given the compilation, its allocation report.</summary>
    public static string Render(CompiledModel model, Compilation? compilation)
    {
        var sb = new StringBuilder("<table class=\"sizes\"><tbody>");
        void Row(string k, string v) => sb.Append($"<tr><th scope=\"row\">{Html.Escape(k)}</th><td>{Html.Escape(v)}</td></tr>");
        Row("layers", model.LayerCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("heads per layer (most)", model.Layers.Select(l => l.Heads.Count).DefaultIfEmpty(0).Max().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("heads in all", model.Layers.Sum(l => l.Heads.Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("residual width", model.ResidualDim.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("MLP hidden per layer", string.Join(", ", model.Layers.Select(l => l.Hidden)));
        Row("non-zero weights", model.NonZeroParameters().ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        Row("vocabulary", string.Join(" ", model.Vocabulary.Select(v => v.Repr())));
        Row("longest input", model.MaxSeqLen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("attention", model.Causal ? "causal" : "bidirectional");
        if (compilation is not null) Row("compile time", $"{compilation.CompileMilliseconds:0.#} ms");
        sb.Append("</tbody></table>");
        sb.Append(Bars(model));
        if (compilation is not null)
            sb.Append("<details open><summary>Allocation report</summary><pre class=\"report\">").Append(Html.Escape(Diagnostics.Report(compilation))).Append("</pre></details>");
        return sb.ToString();
    }

    private static string Bars(CompiledModel model)
    {
        var maxHidden = Math.Max(1, model.Layers.Select(l => l.Hidden).DefaultIfEmpty(0).Max());
        var maxHeads = Math.Max(1, model.Layers.Select(l => l.Heads.Count).DefaultIfEmpty(0).Max());
        const double barMax = 220, rowH = 26, labelW = 70, headW = 120;
        var height = 30 + model.LayerCount * rowH;
        var width = labelW + headW + 30 + barMax + 80;
        var sb = new StringBuilder();
        sb.Append($"<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Html.Num(width)}\" height=\"{Html.Num(height)}\" viewBox=\"0 0 {Html.Num(width)} {Html.Num(height)}\" role=\"img\" aria-label=\"heads and MLP width per layer\">");
        sb.Append("<title>Heads and MLP hidden units per layer</title>");
        sb.Append($"<text class=\"axis\" x=\"{Html.Num(labelW)}\" y=\"16\">heads</text><text class=\"axis\" x=\"{Html.Num(labelW + headW + 30)}\" y=\"16\">MLP hidden units</text>");
        for (var l = 0; l < model.LayerCount; l++)
        {
            var y = 26 + l * rowH;
            var color = Palette.Layer(l);
            var layer = model.Layers[l];
            sb.Append($"<text class=\"tick\" x=\"{Html.Num(labelW - 8)}\" y=\"{Html.Num(y + 14)}\" text-anchor=\"end\">layer {l}</text>");
            var hw = headW * layer.Heads.Count / maxHeads;
            sb.Append($"<rect x=\"{Html.Num(labelW)}\" y=\"{Html.Num(y)}\" width=\"{Html.Num(hw)}\" height=\"18\" fill=\"{color}\"/><text class=\"tick\" x=\"{Html.Num(labelW + hw + 4)}\" y=\"{Html.Num(y + 14)}\">{layer.Heads.Count}</text>");
            var mw = barMax * layer.Hidden / maxHidden;
            var mx = labelW + headW + 30;
            sb.Append($"<rect x=\"{Html.Num(mx)}\" y=\"{Html.Num(y)}\" width=\"{Html.Num(mw)}\" height=\"18\" fill=\"{color}\" opacity=\"0.75\"/><text class=\"tick\" x=\"{Html.Num(mx + mw + 4)}\" y=\"{Html.Num(y + 14)}\">{layer.Hidden}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}

namespace Glassbox.Views;

/// <summary>
/// The stylesheet and the script every view page inlines (nothing is fetched). Pages that embed view fragments
/// (e.g. <c>glassbox serve</c>) include both once: <c>&lt;style&gt;{Css}&lt;/style&gt;</c> and <c>&lt;script&gt;{Script}&lt;/script&gt;</c>
/// at the end of the body; the script wires every <c>.attn</c> card and <c>.stages</c> block present when it runs
/// and exposes <c>glassboxViews.wire(root)</c> for fragments added later.
/// </summary>
public static class ViewAssets
{
    /// <summary>The stylesheet.</summary>
    public const string Css = """
        :root { --ink:#111827; --muted:#4b5563; --line:#e5e7eb; --bg:#f9fafb; --card:#ffffff; --accent:#0072b2; }
        * { box-sizing: border-box; }
        body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:var(--bg); }
        header.top { background:#111827; color:#f9fafb; padding:18px 28px 14px; }
        header.top h1 { margin:0 0 4px; font-size:24px; font-weight:650; letter-spacing:.01em; }
        header.top p { margin:2px 0; color:#d1d5db; }
        header.top code { color:#fde68a; }
        nav.toc { position:sticky; top:0; z-index:5; background:#ffffffee; backdrop-filter:blur(4px); border-bottom:1px solid var(--line); padding:8px 28px; display:flex; gap:18px; flex-wrap:wrap; }
        nav.toc a { color:#1d4ed8; text-decoration:none; font-weight:550; }
        nav.toc a:hover, nav.toc a:focus { text-decoration:underline; }
        main { padding:8px 28px 48px; max-width:1600px; }
        section.view { margin:26px 0; }
        section.view > h2 { font-size:20px; margin:0 0 6px; padding-bottom:4px; border-bottom:2px solid var(--line); }
        section.view > p.lede { color:var(--muted); margin:4px 0 14px; max-width:80ch; }
        h3 { font-size:17px; margin:18px 0 8px; }
        h4 { font-size:15px; margin:4px 0 6px; }
        h5 { font-size:14px; margin:0 0 6px; }
        .cards { display:flex; flex-wrap:wrap; gap:14px; align-items:flex-start; }
        .card { background:var(--card); border:1px solid var(--line); border-top:3px solid var(--accent); border-radius:8px; padding:10px 12px; box-shadow:0 1px 2px #0000000d; max-width:100%; overflow-x:auto; }
        .chip { display:inline-block; color:#fff; border-radius:999px; padding:0 9px; font-size:12px; font-weight:650; vertical-align:1px; }
        .note, .hint { color:var(--muted); font-size:13px; margin:2px 0 6px; }
        .hint { font-style:italic; }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:13px; }
        pre.report { background:#111827; color:#e5e7eb; padding:12px; border-radius:6px; overflow-x:auto; }
        svg text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:11px; fill:var(--ink); }
        svg text.axis { font-family: system-ui, sans-serif; font-size:12px; font-weight:600; fill:var(--muted); }
        svg text.cell { font-size:10px; pointer-events:none; }
        svg text.colhead { font-family: system-ui, sans-serif; font-size:13px; font-weight:700; }
        svg text.nlabel { font-weight:700; font-size:12px; }
        svg text.nkind { font-size:10.5px; }
        svg text.result { font-weight:700; }
        svg .frame { stroke:#9ca3af; }
        svg.hm .hm-row rect { transition: opacity .12s; }
        svg.hm.focus .hm-row:not(.hl) rect { opacity:.28; }
        svg.hm .hm-row.hl rect { stroke:#111827; stroke-width:1; }
        svg .edge { fill:none; stroke:#9ca3af; stroke-width:1.4; }
        svg .node:focus rect, svg .node:hover rect { stroke-width:3; }
        .tokens { display:flex; flex-wrap:wrap; gap:3px; margin:6px 0 2px; }
        .tok { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:13px; padding:2px 6px; border:1px solid #d1d5db; border-radius:4px; background:#fff; cursor:default; }
        .tok.focus { outline:2px solid #111827; outline-offset:1px; }
        .tok:focus-visible { outline:3px solid #f59e0b; }
        .scroll { overflow-x:auto; max-width:100%; }
        .layer { margin:10px 0 22px; }
        .layer-body { display:grid; grid-template-columns: minmax(0,1fr) minmax(0,1fr); gap:18px; }
        @media (max-width: 1000px) { .layer-body { grid-template-columns: 1fr; } }
        .sub > .card { margin-bottom:12px; }
        dl.facts { display:grid; grid-template-columns:auto 1fr; gap:0 10px; margin:4px 0 8px; font-size:13px; }
        dl.facts dt { color:var(--muted); }
        dl.facts dd { margin:0; font-weight:600; }
        table { border-collapse:collapse; font-size:13px; margin:6px 0; }
        th, td { border:1px solid var(--line); padding:3px 8px; text-align:center; }
        th[scope=row] { text-align:left; font-weight:600; background:#f3f4f6; }
        thead th { background:#f3f4f6; }
        table.sizes td { text-align:left; }
        tr.out td, tr.out th { font-weight:700; background:#fef3c7; }
        td.bad { background:#fee2e2; color:#7f1d1d; font-weight:700; }
        caption { text-align:left; color:var(--muted); font-size:13px; padding-bottom:4px; }
        .dot { display:inline-block; width:10px; height:10px; border-radius:50%; margin-right:6px; vertical-align:0; }
        .stage-tabs { display:flex; flex-wrap:wrap; gap:4px; margin:4px 0 10px; }
        .stage-tabs button { font:inherit; font-size:13px; padding:4px 10px; border:1px solid #d1d5db; background:#fff; border-radius:6px; cursor:pointer; color:var(--ink); }
        .stage-tabs button[aria-selected=true] { background:#111827; color:#fff; border-color:#111827; }
        .stage-tabs button:focus-visible { outline:3px solid #f59e0b; }
        ul.legend-list { list-style:none; padding:0; display:flex; flex-wrap:wrap; gap:14px; font-size:13px; color:var(--muted); }
        .swatch { display:inline-block; width:18px; height:12px; border:2px solid #6b7280; border-radius:2px; margin-right:6px; vertical-align:-1px; background:#fff; }
        .swatch.round { border-radius:6px; }
        .swatch.dashed { border-style:dashed; }
        .swatch.dotted { border-style:dotted; }
        .badge { display:inline-block; border-radius:4px; padding:0 8px; font-weight:700; font-size:13px; }
        .badge.ok { background:#d1fae5; color:#065f46; }
        .badge.bad { background:#fee2e2; color:#7f1d1d; }
        .io td { font-family: ui-monospace, Menlo, Consolas, monospace; }
        """;

    /// <summary>The script: token hover on attention cards (CircuitsVis style) and the residual stage tabs.</summary>
    public static string Script => """
        (function () {
          'use strict';
          var STOPS = __STOPS__;
          function colour(x) {
            x = Math.max(0, Math.min(1, Number(x) || 0));
            var t = x * (STOPS.length - 1), i = Math.min(Math.floor(t), STOPS.length - 2), f = t - i;
            var c = [0, 1, 2].map(function (j) { return Math.round(STOPS[i][j] + (STOPS[i + 1][j] - STOPS[i][j]) * f); });
            var lum = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
            return { bg: 'rgb(' + c.join(',') + ')', ink: (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#111827' : '#ffffff' };
          }
          function wireAttention(card) {
            if (card.dataset.wired) return;
            card.dataset.wired = '1';
            var pattern = JSON.parse(card.dataset.pattern);
            var queries = card.querySelectorAll('.tokens:not(.keys) .tok');
            var keyStrip = card.querySelector('.tokens.keys');
            var keys = keyStrip ? keyStrip.querySelectorAll('.tok') : queries;
            var svg = card.querySelector('svg.hm');
            var rows = svg ? svg.querySelectorAll('.hm-row') : [];
            var pinned = null;
            function show(q) {
              var row = pattern[q] || [];
              keys.forEach(function (t, k) {
                var w = row[k] || 0, c = colour(w);
                t.style.background = c.bg; t.style.color = c.ink;
                t.title = 'attention from ' + q + ' to ' + k + ': ' + w.toFixed(3);
              });
              queries.forEach(function (t, i) { t.classList.toggle('focus', i === q); });
              if (svg) svg.classList.add('focus');
              rows.forEach(function (r) { r.classList.toggle('hl', Number(r.dataset.row) === q); });
              card.dataset.query = String(q);
            }
            function clear() {
              if (pinned !== null) { show(pinned); return; }
              keys.forEach(function (t) { t.style.background = ''; t.style.color = ''; t.removeAttribute('title'); });
              queries.forEach(function (t) { t.classList.remove('focus'); });
              if (svg) svg.classList.remove('focus');
              rows.forEach(function (r) { r.classList.remove('hl'); });
              delete card.dataset.query;
            }
            queries.forEach(function (t, i) {
              t.addEventListener('mouseenter', function () { show(i); });
              t.addEventListener('focus', function () { show(i); });
              t.addEventListener('mouseleave', clear);
              t.addEventListener('blur', clear);
              t.addEventListener('click', function () { pinned = pinned === i ? null : i; show(i); });
              t.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pinned = pinned === i ? null : i; show(i); } });
            });
            rows.forEach(function (r) {
              r.addEventListener('mouseenter', function () { show(Number(r.dataset.row)); });
              r.addEventListener('mouseleave', clear);
            });
          }
          function wireStages(block) {
            if (block.dataset.wired) return;
            block.dataset.wired = '1';
            var tabs = block.querySelectorAll('.stage-tabs button');
            var panels = block.querySelectorAll('.stage');
            function select(i) {
              tabs.forEach(function (b) { b.setAttribute('aria-selected', Number(b.dataset.stage) === i ? 'true' : 'false'); });
              panels.forEach(function (p) { p.hidden = Number(p.dataset.stage) !== i; });
            }
            tabs.forEach(function (b) { b.addEventListener('click', function () { select(Number(b.dataset.stage)); }); });
            if (tabs.length) select(tabs.length - 1);
          }
          function wire(root) {
            (root || document).querySelectorAll('.attn').forEach(wireAttention);
            (root || document).querySelectorAll('.stages').forEach(wireStages);
          }
          window.glassboxViews = { wire: wire };
          wire(document);
        })();
        """.Replace("__STOPS__", ColorScale.Attention.ToJson(), StringComparison.Ordinal);
}

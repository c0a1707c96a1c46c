// Pacer scenarios: the indicator page's field "if the rest of the year grows g%". On every change
// it asks /api/v1/indicators/{code}/scenario (the element's data-src, plus growth=g) and writes
// where the year lands — value, growth, each tier's completion — beside each tier's 需增速.
// Texts come from the element's data-* attributes ({value}, {unit}, {growth}, {tier},
// {completion}, {required} are filled in; the unit is the page's, data-unit, in its language).
// No inline script: the CSP forbids it. When a result is shown the output gets data-growth="g"
// (browser tests wait for it).
(function () {
  'use strict';

  function fmt(v, d) {
    if (v === null || v === undefined || isNaN(v)) { return '—'; }
    return (Math.round(v * Math.pow(10, d)) / Math.pow(10, d)).toFixed(d);
  }

  function fill(text, vals) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in vals ? vals[k] : m; });
  }

  function init(box) {
    var input = box.querySelector('#scenario-growth');
    var out = box.querySelector('#scenario-out');
    if (!input || !out) { return; }
    var timer = null, seq = 0;

    function show() {
      var g = input.value.trim();
      if (g === '' || isNaN(Number(g))) { out.textContent = ''; return; }
      var mine = ++seq;
      fetch(box.dataset.src + '&growth=' + encodeURIComponent(g), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.json().then(function (doc) { return { ok: r.ok, doc: doc }; }); })
        .then(function (res) {
          if (mine !== seq) { return; }
          var doc = res.doc;
          if (!res.ok) {
            out.textContent = (doc.error && doc.error.message) || box.dataset.error;
            return;
          }
          var lines = [];
          if (doc.growth !== null && doc.growth !== undefined) {
            lines.push(fill(box.dataset.landing, { value: fmt(doc.value, doc.precision), unit: box.dataset.unit || doc.unit, growth: fmt(doc.growth, 1) }));
          } else if (doc.reasons && doc.reasons.value) {
            lines.push(doc.reasons.value);
          }
          (doc.tiers || []).forEach(function (t) {
            var tier = box.dataset['tier' + t.tier.charAt(0).toUpperCase() + t.tier.slice(1)] || t.tier;
            var parts = [];
            if (t.completion !== null && t.completion !== undefined) {
              parts.push(fill(box.dataset.tier, { tier: tier, completion: fmt(t.completion, 2) }));
            }
            if (t.required_growth !== null && t.required_growth !== undefined) {
              parts.push(fill(box.dataset.required, { tier: tier, required: (t.required_growth_bound === 'max' ? '≤' : '') + fmt(t.required_growth, 1) }));
            }
            if (parts.length) { lines.push(parts.join('；')); }
          });
          out.textContent = '';
          lines.forEach(function (l) {
            var p = document.createElement('p');
            p.textContent = l;
            out.appendChild(p);
          });
          out.dataset.growth = g;
        })
        .catch(function () { if (mine === seq) { out.textContent = box.dataset.error; } });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(show, 200);
    });
    show();
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('.scenario[data-src]'), init);
  });
})();

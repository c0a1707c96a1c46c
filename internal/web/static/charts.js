// Pacer charts: every element with class "chart", a data-src (URL of a series JSON from
// /api/v1/indicators/{code}/series) and a data-kind (trend | monthly | ranking | rank-history)
// becomes an ECharts chart. No inline script is needed (the CSP forbids it): pages load
// /static/vendor/echarts/echarts.min.js and this file with <script defer>.
// When a chart has rendered, its element gets data-rendered="1" (browser tests wait for it).
(function () {
  'use strict';

  var FONT = '"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif';
  var RED = '#b22', GREY = '#999', BLUE = '#4a7ab8', GREEN = '#4a8', GOLD = '#c90';
  var loads = {};
  var charts = [];

  function load(url) {
    if (!loads[url]) {
      loads[url] = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) {
          if (!r.ok) { throw new Error('HTTP ' + r.status); }
          return r.json();
        });
    }
    return loads[url];
  }

  function label(doc, key) { return (doc.labels && doc.labels[key]) || key; }

  // paren puts a qualifier after a name: 目标进度（下达） in Chinese, "Target path (assigned)" in English.
  function paren(name, q) {
    return /^zh/i.test(document.documentElement.lang || 'zh') ? name + '（' + q + '）' : name + ' (' + q + ')';
  }

  function round(v, d) {
    if (v === null || v === undefined || isNaN(v)) { return null; }
    var f = Math.pow(10, d);
    return Math.round(v * f) / f;
  }

  function roundAll(arr, d) { return (arr || []).map(function (v) { return round(v, d); }); }

  function hasAny(arr) { return (arr || []).some(function (v) { return v !== null && v !== undefined; }); }

  function base(doc) {
    return {
      animation: false,
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: 'axis', confine: true },
      legend: { type: 'scroll', bottom: 0, textStyle: { fontFamily: FONT } },
      grid: { left: 8, right: 8, top: 36, bottom: 36, containLabel: true }
    };
  }

  var builders = {
    // Cumulative value (bars) with last year and the targets' paths; growth on the right axis.
    trend: function (doc) {
      var p = doc.indicator.precision, c = doc.cumulative, o = base(doc), series = [];
      var values = hasAny(c.value) || hasAny(c.last_year_value) || doc.targets.some(function (t) { return t.value !== null; });
      o.xAxis = { type: 'category', data: doc.month_labels };
      o.yAxis = [
        { type: 'value', name: label(doc, 'unit'), show: values, scale: false },
        { type: 'value', name: label(doc, 'percent'), position: 'right', scale: true, splitLine: { show: !values } }
      ];
      if (values) {
        series.push({ name: label(doc, 'value'), type: 'bar', data: roundAll(c.value, p), itemStyle: { color: BLUE } });
        series.push({ name: label(doc, 'last_year_value'), type: 'line', data: roundAll(c.last_year_value, p),
          itemStyle: { color: GREY }, lineStyle: { type: 'dotted' }, connectNulls: true });
        doc.targets.forEach(function (t) {
          if (t.value === null) { return; }
          series.push({ name: paren(label(doc, 'target_path'), label(doc, 'tier.' + t.tier)), type: 'line',
            data: roundAll(t.path, p), symbol: 'none', lineStyle: { type: 'dashed', width: 1 },
            itemStyle: { color: t.tier === 'stretch' ? GOLD : RED } });
        });
      }
      var growth = { name: label(doc, 'growth'), type: 'line', yAxisIndex: 1, data: roundAll(c.growth, 1),
        itemStyle: { color: GREEN }, connectNulls: true };
      var marks = doc.targets.filter(function (t) { return t.growth !== null; }).map(function (t) {
        return { yAxis: t.growth, name: paren(label(doc, 'target_growth'), label(doc, 'tier.' + t.tier)),
          label: { formatter: '{b} {c}%', position: 'insideEndTop' } };
      });
      if (marks.length) {
        growth.markLine = { symbol: 'none', silent: true, data: marks, lineStyle: { color: RED, type: 'dashed' } };
      }
      series.push(growth);
      if (hasAny(c.last_year_growth)) {
        series.push({ name: label(doc, 'last_year_growth'), type: 'line', yAxisIndex: 1, data: roundAll(c.last_year_growth, 1),
          itemStyle: { color: GREY }, lineStyle: { type: 'dotted' }, connectNulls: true });
      }
      o.series = series;
      return o;
    },

    // Single-month values (当月值), this year and last.
    monthly: function (doc) {
      var p = doc.indicator.precision, m = doc.monthly, o = base(doc);
      if (!hasAny(m.value) && !hasAny(m.last_year_value)) { return null; }
      o.tooltip.formatter = function (items) {
        var i = items.length ? items[0].dataIndex : 0, lines = [doc.month_labels[i]];
        items.forEach(function (it) {
          var span = it.seriesIndex === 0 ? m.months[i] : m.last_year_months[i];
          var v = it.seriesName + ' ' + (it.value === null || it.value === undefined ? '—' : it.value);
          lines.push(it.marker + (span > 1 ? paren(v, label(doc, 'months_covered').replace('%d', span)) : v));
        });
        return lines.join('<br>');
      };
      o.xAxis = { type: 'category', data: doc.month_labels };
      o.yAxis = { type: 'value', name: label(doc, 'unit') };
      o.series = [
        { name: label(doc, 'monthly'), type: 'bar', data: roundAll(m.value, p), itemStyle: { color: BLUE } },
        { name: label(doc, 'monthly_last_year'), type: 'bar', data: roundAll(m.last_year_value, p), itemStyle: { color: '#bbb' } }
      ];
      return o;
    },

    // Peers ranked by growth at the latest month with a figure; the region itself highlighted.
    ranking: function (doc) {
      var r = doc.ranking, o = base(doc);
      if (!r || !r.rows.length) { return null; }
      var rows = r.rows.slice().reverse(); // best at the top
      o.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true };
      o.legend = { show: false };
      o.grid.bottom = 8;
      o.grid.right = 48;
      o.xAxis = { type: 'value', name: label(doc, 'percent'), scale: true };
      o.yAxis = { type: 'category', data: rows.map(function (x) { return x.rank + '. ' + x.name; }) };
      o.series = [{
        name: label(doc, 'growth'), type: 'bar',
        data: rows.map(function (x) {
          return { value: round(x.growth, 1), itemStyle: { color: x.self ? RED : BLUE } };
        }),
        barMaxWidth: 28,
        label: { show: true, position: 'right', formatter: function (p) { return p.value === null ? '—' : p.value.toFixed(1) + '%'; } }
      }];
      return o;
    },

    // The region's rank each month (1 at the top).
    'rank-history': function (doc) {
      var h = doc.rank_history || [], o = base(doc);
      if (!h.some(function (x) { return x.rank !== null; })) { return null; }
      var byMonth = {};
      h.forEach(function (x) { byMonth[x.period] = x; });
      var max = 2; // an axis from 1 to 1 would not draw
      h.forEach(function (x) { if (x.ranked > max) { max = x.ranked; } });
      o.legend = { show: false };
      o.xAxis = { type: 'category', data: doc.month_labels };
      o.yAxis = { type: 'value', name: label(doc, 'rank'), inverse: true, min: 1, max: max, minInterval: 1 };
      o.series = [{
        name: label(doc, 'rank'), type: 'line', connectNulls: true, itemStyle: { color: RED },
        label: { show: true, formatter: function (p) { return p.value === null ? '' : p.value + '/' + (p.data && p.data.ranked || ''); } },
        data: doc.months.map(function (m) {
          var x = byMonth[m];
          return x && x.rank !== null ? { value: x.rank, ranked: x.ranked } : null;
        })
      }];
      return o;
    }
  };

  function fail(el, text) {
    el.textContent = text || el.getAttribute('data-error') || 'Chart unavailable';
    el.classList.add('chart-error');
  }

  function init() {
    if (typeof echarts === 'undefined') {
      document.querySelectorAll('.chart[data-src]').forEach(function (el) { fail(el); });
      return;
    }
    document.querySelectorAll('.chart[data-src]').forEach(function (el) {
      var build = builders[el.getAttribute('data-kind')];
      if (!build) { return; }
      load(el.getAttribute('data-src')).then(function (doc) {
        var option = build(doc);
        if (!option) {
          fail(el, label(doc, 'no_data'));
          el.setAttribute('data-rendered', '1');
          return;
        }
        var chart = echarts.init(el, null, { renderer: 'canvas' });
        chart.on('finished', function () { el.setAttribute('data-rendered', '1'); });
        chart.setOption(option);
        charts.push(chart);
      }).catch(function () { fail(el); });
    });
  }

  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

// The attraction funnel: the element #attraction-funnel holds the stages as JSON in data-funnel
// ([{name, value, conversion}]) and becomes an ECharts funnel; no inline script (the CSP forbids
// it). When drawn, the element gets data-rendered="1" (the browser test waits for it).
(function () {
  'use strict';
  function draw() {
    var el = document.getElementById('attraction-funnel');
    if (!el || !window.echarts) { return; }
    var pts = JSON.parse(el.getAttribute('data-funnel') || '[]');
    var chart = echarts.init(el);
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: '"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif' },
      tooltip: { trigger: 'item', confine: true, formatter: function (p) {
        var c = pts[p.dataIndex].conversion;
        return p.name + ': ' + p.value + (c === null || c === undefined ? '' : ' (' + c.toFixed(1) + '%)');
      } },
      series: [{ type: 'funnel', sort: 'none', left: '5%', width: '90%', minSize: '8%', gap: 2,
        label: { show: true, position: 'inside', formatter: '{b} {c}' },
        data: pts.map(function (p) { return { name: p.name, value: p.value }; }) }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-rendered', '1');
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', draw); } else { draw(); }
})();

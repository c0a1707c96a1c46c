// Key-project page chart: the element #project-chart carries its data in data-chart (JSON:
// months [{period, completed, plan}], the months' labels and the unit in the page's language, and
// the two series' names); it becomes an ECharts chart of
// the monthly cumulative completed (bars) against the plan's pace (line). No inline script (CSP).
// When drawn, the element gets data-rendered="1" (the browser test waits for it).
(function () {
  'use strict';
  function draw() {
    var el = document.getElementById('project-chart');
    if (!el || typeof echarts === 'undefined') { return; }
    var d = JSON.parse(el.getAttribute('data-chart'));
    var months = d.months || [];
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: '"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif' },
      tooltip: { trigger: 'axis' },
      legend: { data: [d.completed, d.plan] },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: d.labels || months.map(function (m) { return m.period.slice(5); }) },
      yAxis: { type: 'value', name: d.unit || '' },
      series: [
        { name: d.completed, type: 'bar', itemStyle: { color: '#4a7ab8' }, data: months.map(function (m) { return m.completed; }) },
        { name: d.plan, type: 'line', itemStyle: { color: '#c90' }, data: months.map(function (m) { return m.plan; }) }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-rendered', '1');
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();

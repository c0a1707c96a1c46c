// The roll-up table sorts by a column when its heading is clicked (again: the other way). Cells
// carry the number they sort by in data-v; an empty one (no figure) sorts last either way. The
// first column sorts by name; a rank sorts best first.
(function () {
  var table = document.getElementById('rollup-table');
  if (!table) return;
  var body = table.tBodies[0];
  var heads = table.tHead.rows;
  // The data columns are the second heading row's cells, after the region column.
  var cols = [heads[0].cells[0]].concat(Array.prototype.slice.call(heads[1].cells));
  cols.forEach(function (th, col) {
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute('aria-sort') === 'ascending' ? false
        : th.getAttribute('aria-sort') === 'descending' ? true : th.dataset.asc === '1' || col === 0;
      cols.forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.v || '', y = b.cells[col].dataset.v || '';
        if (x === '' || y === '') return x === y ? 0 : (x === '' ? 1 : -1);
        var c = col === 0 ? x.localeCompare(y, 'zh-CN') : Number(x) - Number(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
})();

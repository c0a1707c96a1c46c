// The meeting-room display: one slide at a time; → / PageDown / space next, ← / PageUp back,
// Home first, End last. The current slide is #display's data-current.
(function () {
  var root = document.getElementById('display');
  if (!root) return;
  var slides = root.querySelectorAll('.dp-slide');
  var pos = document.getElementById('display-pos');
  // Bar widths come from data attributes: the page's policy allows no inline style.
  root.querySelectorAll('[data-w]').forEach(function (el) { el.style.width = el.dataset.w + '%'; });
  root.querySelectorAll('[data-left]').forEach(function (el) { el.style.left = el.dataset.left + '%'; });
  function show(i) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (s, k) { s.classList.toggle('on', k === i); });
    root.dataset.current = String(i);
    if (pos) pos.textContent = (i + 1) + ' / ' + slides.length;
  }
  document.addEventListener('keydown', function (e) {
    var cur = Number(root.dataset.current) || 0;
    switch (e.key) {
      case 'ArrowRight': case 'PageDown': case ' ': show(cur + 1); break;
      case 'ArrowLeft': case 'PageUp': show(cur - 1); break;
      case 'Home': show(0); break;
      case 'End': show(slides.length - 1); break;
      default: return;
    }
    e.preventDefault();
  });
})();

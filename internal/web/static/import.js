// Upload progress for the import page. Without JavaScript the form posts as usual; with it the
// file is sent by XMLHttpRequest so the upload's progress can be shown, and the page the server
// answers with (the preview, after a redirect) is then shown.
(function () {
  'use strict';
  var form = document.getElementById('import-form');
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var box = document.getElementById('import-progress-box');
  var bar = document.getElementById('import-progress');
  var text = document.getElementById('import-progress-text');
  var button = document.getElementById('import-submit');

  function say(key, pct) {
    var s = text.getAttribute('data-' + key) || '';
    text.textContent = s.replace('{pct}', String(pct || 0));
  }

  form.addEventListener('submit', function (ev) {
    var input = document.getElementById('import-file');
    if (!input || !input.files || input.files.length === 0) {
      return; // the browser's own validation applies
    }
    ev.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.getAttribute('action'));
    var csrf = form.querySelector('input[name="csrf"]');
    if (csrf) {
      xhr.setRequestHeader('X-CSRF-Token', csrf.value);
    }
    box.hidden = false;
    bar.value = 0;
    say('uploading', 0);
    if (button) {
      button.disabled = true;
    }
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable && e.total > 0) {
        var pct = Math.floor((e.loaded * 100) / e.total);
        bar.value = pct;
        say('uploading', pct);
      }
    });
    xhr.upload.addEventListener('load', function () {
      bar.removeAttribute('value'); // indeterminate while the server checks the file
      say('checking');
    });
    xhr.addEventListener('load', function () {
      var url = xhr.responseURL || '';
      if (xhr.status === 200 && url.indexOf('/import?token=') >= 0) {
        window.location.assign(url);
        return;
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener('error', function () {
      say('failed');
      if (button) {
        button.disabled = false;
      }
    });
    xhr.send(new FormData(form));
  });
})();

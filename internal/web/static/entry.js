// Pacer data entry: checks figures as they are typed, the way the server reads them
// (ingest.ParseNumber): "1,234.5", full-width digits, "4.7%", a leading "+"; blank is absent.
// The server checks again; this only saves a round trip. Messages come from the page (data-msg-*).
(function () {
  "use strict";
  var table = document.getElementById("entry-table");
  if (!table) return;

  var fullWidth = {
    "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7", "８": "8", "９": "9",
    "．": ".", "，": ",", "％": "%", "－": "-", "＋": "+", "−": "-", "　": " ", "\u00a0": " "
  };
  var fullWidthRe = /[０-９．，％－＋−　\u00a0]/g;
  var thousands = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
  var plain = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  // parse returns {blank: true}, {value: n} or {error: true}.
  function parse(text) {
    var s = text.replace(fullWidthRe, function (c) { return fullWidth[c]; }).trim();
    if (s === "") return { blank: true };
    if (s.charAt(s.length - 1) === "%") s = s.slice(0, -1).trim();
    if (s.indexOf(",") >= 0) {
      if (!thousands.test(s)) return { error: true };
      s = s.replace(/,/g, "");
    }
    if (!plain.test(s)) return { error: true };
    var v = Number(s);
    if (!isFinite(v)) return { error: true };
    return { value: v };
  }

  function message(key, vars) {
    var m = table.getAttribute("data-msg-" + key) || "";
    return m.replace(/\{(\w+)\}/g, function (_, k) { return vars[k] === undefined ? "" : String(vars[k]); });
  }

  function unitOf(input) {
    var u = input.parentNode.querySelector(".unit");
    return u ? u.textContent : "";
  }

  function msgEl(input) {
    return document.getElementById("msg-" + input.id);
  }

  // check validates one input and shows the result next to it; it returns false on an error.
  function check(input) {
    var out = msgEl(input);
    var r = parse(input.value);
    var text = "", warn = false;
    var field = input.getAttribute("data-field") || input.name;
    if (r.error) {
      text = message("bad", { field: field, value: input.value.trim() });
    } else if (!r.blank && input.hasAttribute("data-growth") && r.value <= -100) {
      r.error = true;
      text = message("range", { field: field, value: input.value.trim() });
    } else if (!r.blank) {
      var prev = parseFloat(input.getAttribute("data-prev"));
      if (!input.hasAttribute("data-growth") && isFinite(prev) && prev > 0 && (r.value > prev * 5 || r.value < prev / 5)) {
        text = message("jump", { prev: prev, unit: unitOf(input) });
        warn = true;
      } else if (r.value !== Number(input.value.trim())) {
        text = message("read", { value: r.value });
        warn = true;
      }
    }
    input.classList.toggle("bad", !!r.error);
    input.setAttribute("aria-invalid", r.error ? "true" : "false");
    if (out) {
      out.textContent = text;
      out.classList.toggle("warn", warn);
      out.classList.toggle("err", !warn);
    }
    return !r.error;
  }

  var inputs = table.querySelectorAll("input[data-number]");
  Array.prototype.forEach.call(inputs, function (input) {
    input.addEventListener("input", function () { check(input); });
    input.addEventListener("blur", function () { check(input); });
  });

  Array.prototype.forEach.call(document.querySelectorAll("form.entry-form"), function (form) {
    form.addEventListener("submit", function (ev) {
      var fields = Array.prototype.filter.call(inputs, function (i) { return i.form === form; });
      var ok = true, blank = true;
      fields.forEach(function (i) {
        if (!check(i)) ok = false;
        if (!parse(i.value).blank) blank = false;
      });
      var rowMsg = document.getElementById("msg-row-" + form.id.replace(/^form-/, ""));
      if (rowMsg) rowMsg.textContent = ok && blank ? message("both", {}) : "";
      if (!ok || blank) {
        ev.preventDefault();
        var bad = fields.filter(function (i) { return i.classList.contains("bad"); })[0] || fields[0];
        if (bad) bad.focus();
      }
    });
  });
})();

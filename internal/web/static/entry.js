// Pacer data entry: checks figures as they are typed, the way the server reads them
// (ingest.ParseNumber): "1,234.5", full-width digits, "4.7%", a leading "+"; blank is absent.
// The server checks again; this only saves a round trip. Messages come from the page (data-msg-*).
// As a figure is typed it is compared with the numbers the server's warnings use (review.Checks,
// rendered into the value input's data- attributes): a cumulative below the previous one
// (data-prev), a growth more than data-tolerance points from the one the values give over last
// year's same period (data-last-year), an implied single month above data-factor times the
// previous single month (data-prev-single). An attribute left empty means its warning cannot
// apply; the page decides that, not this script.
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
    } else if (!r.blank && r.value !== Number(input.value.trim())) {
      text = message("read", { value: r.value });
      warn = true;
    }
    input.classList.toggle("bad", !!r.error);
    input.setAttribute("aria-invalid", r.error ? "true" : "false");
    if (out) {
      out.textContent = text;
      out.classList.toggle("warn", warn);
      out.classList.toggle("err", !warn);
    }
    warnRow(input.id.replace(/^(value|growth)-/, ""));
    return !r.error;
  }

  function num(el, name) {
    var s = el.getAttribute(name);
    if (s === null || s === "") return NaN;
    return Number(s);
  }

  function round(x, places) {
    var f = Math.pow(10, places);
    return Math.round(x * f) / f;
  }

  // warnRow shows the warnings of the figure typed in row id, as the review page would give them.
  function warnRow(id) {
    var vIn = document.getElementById("value-" + id), gIn = document.getElementById("growth-" + id);
    var list = document.getElementById("live-warn-" + id);
    if (!vIn || !list) return;
    var v = parse(vIn.value), g = gIn ? parse(gIn.value) : { blank: true };
    var texts = [];
    if (!v.blank && !v.error) {
      var prev = num(vIn, "data-prev"), last = num(vIn, "data-last-year"), single = num(vIn, "data-prev-single");
      var tol = num(vIn, "data-tolerance"), factor = num(vIn, "data-factor");
      if (isFinite(prev) && v.value < prev) {
        texts.push(message("down", { value: v.value, prev: prev, period: vIn.getAttribute("data-prev-period") }));
      }
      if (!g.blank && !g.error && isFinite(last) && last > 0 && isFinite(tol)) {
        var implied = (v.value / last - 1) * 100;
        if (Math.abs(implied - g.value) > tol) {
          texts.push(message("mismatch", { growth: g.value, implied: round(implied, 1) }));
        }
      }
      if (isFinite(prev) && isFinite(single) && isFinite(factor) && v.value - prev > factor * single) {
        texts.push(message("jump", { single: round(v.value - prev, 2), factor: factor, prev: round(single, 2) }));
      }
    }
    list.textContent = "";
    texts.forEach(function (t) {
      var li = document.createElement("li");
      li.textContent = t;
      list.appendChild(li);
    });
    list.hidden = texts.length === 0;
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

// govnews pages: small enhancements only; the pages work without JavaScript.
"use strict";
(function () {
  // On a phone the filter panel starts folded, so the results are on the first screen.
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia && window.matchMedia("(max-width: 760px)").matches) filters.open = false;
  var form = document.getElementById("search-form") || document.getElementById("coverage-form");
  if (!form) return;
  // Changing the order, the table's shape or the "khớp không dấu" switch re-runs the query straight away.
  ["sort", "group", "period", "fold_all"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) el.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
  });
  // Drop empty fields so the URL stays short and shareable.
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.value === "") el.disabled = true;
    });
  });
  // "/" focuses the search box.
  document.addEventListener("keydown", function (e) {
    var box = document.getElementById("q");
    if (box && e.key === "/" && document.activeElement !== box) { e.preventDefault(); box.focus(); box.select(); }
  });
})();

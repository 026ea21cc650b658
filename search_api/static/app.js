// govnews search page: small enhancements only; the page works without JavaScript.
"use strict";
(function () {
  var form = document.getElementById("search-form");
  if (!form) return;
  // Changing the order or the "khớp không dấu" switch re-runs the search straight away.
  ["sort", "fold_all"].forEach(function (id) {
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
    if (e.key === "/" && document.activeElement !== box) { e.preventDefault(); box.focus(); box.select(); }
  });
})();

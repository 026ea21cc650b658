// govnews pages: small enhancements only; the pages work without JavaScript.
"use strict";
(function () {
  // On a phone the filter panel starts folded, so the results are on the first screen.
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia && window.matchMedia("(max-width: 760px)").matches) filters.open = false;
  // Facets are links with role=checkbox: Enter follows them, and Space must toggle them too (as a checkbox does).
  document.addEventListener("keydown", function (e) {
    var el = e.target;
    if ((e.key === " " || e.key === "Spacebar") && el && el.getAttribute && el.getAttribute("role") === "checkbox" && el.href) {
      e.preventDefault(); el.click();
    }
  });
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
  // "/" focuses the search box, unless the user is typing somewhere (a directive key or a date has slashes).
  function typing(el) {
    if (!el || el === document.body) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || el.isContentEditable;
  }
  document.addEventListener("keydown", function (e) {
    var box = document.getElementById("q");
    if (!box || e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
    e.preventDefault(); box.focus(); box.select();
  });
})();

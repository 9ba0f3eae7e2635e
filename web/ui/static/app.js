// fdireview viewer: progressive enhancement only. Every page works without this file;
// it makes the task filter live, keeps the compare URL in step with the filters (the URL
// is the state, so it stays a permalink), and expands runs of unchanged rows in place.
(function () {
  "use strict";

  // Task picker: filter rows as you type.
  var filter = document.querySelector("[data-testid=filter]");
  var table = document.querySelector("[data-testid=task-table]");
  if (filter && table) {
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      table.querySelectorAll("tbody tr[data-search]").forEach(function (tr) {
        var hay = tr.getAttribute("data-search");
        var ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
        tr.classList.toggle("hidden", !ok);
      });
    });
  }

  // Compare: CSS applies the filters from the form's state; mirror them in the URL.
  var form = document.getElementById("filters");
  if (!form || !form.querySelector("input[name=old]")) { return; }
  var apply = form.querySelector("button.apply");
  if (apply) { apply.hidden = true; }
  var permalink = document.getElementById("permalink");
  function sync() {
    var url = new URL(window.location.href);
    var changes = document.getElementById("changes-only");
    var sev = document.getElementById("severity");
    if (changes && changes.checked) { url.searchParams.set("changes", "1"); } else { url.searchParams.delete("changes"); }
    if (sev && sev.value) { url.searchParams.set("sev", sev.value); } else { url.searchParams.delete("sev"); }
    history.replaceState(null, "", url.pathname + url.search + url.hash);
    if (permalink) { permalink.setAttribute("href", url.pathname + url.search); }
    document.querySelectorAll("a.badge[data-sev]").forEach(function (a) {
      a.classList.toggle("active", sev && sev.value === a.getAttribute("data-sev"));
    });
  }
  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.classList.contains("reload")) { form.submit(); return; }
    sync();
  });
  // Badges pick a severity without a reload.
  document.querySelectorAll("a.badge[data-sev]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      var sev = document.getElementById("severity");
      if (!sev) { return; }
      ev.preventDefault();
      sev.value = sev.value === a.getAttribute("data-sev") ? "" : a.getAttribute("data-sev");
      sync();
    });
  });
  // A gap row expands its run of unchanged rows.
  document.querySelectorAll("tr.gap a.expand").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var g = a.getAttribute("data-group");
      document.querySelectorAll("tr.same[data-group='" + g + "']").forEach(function (tr) { tr.classList.add("open"); });
      a.closest("tr").classList.add("open");
    });
  });
})();

// fdireview viewer: progressive enhancement only. Every page works without this file;
// it makes the task filter live, keeps the compare URL in step with the filters (the URL
// is the state, so it stays a permalink), expands runs of unchanged rows in place, and
// adds the theme toggle, "viewed" marks and keyboard shortcuts.
(function () {
  "use strict";

  function store(key, value) {
    try {
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
    } catch (e) { /* storage may be disabled */ }
  }
  function load(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  // Theme: the server's ?theme= wins; else the toggle's choice; else the system's.
  var root = document.documentElement;
  var fromURL = root.hasAttribute("data-theme");
  var saved = load("fdi-theme");
  if (!fromURL && (saved === "light" || saved === "dark")) { root.setAttribute("data-theme", saved); }
  var themeButton = document.getElementById("theme-toggle");
  function showTheme() {
    var t = root.getAttribute("data-theme") || "";
    themeButton.textContent = "Theme: " + (t || "auto");
  }
  if (themeButton) {
    themeButton.hidden = false;
    showTheme();
    themeButton.addEventListener("click", function () {
      var order = ["", "dark", "light"];
      var next = order[(order.indexOf(root.getAttribute("data-theme") || "") + 1) % order.length];
      if (next) { root.setAttribute("data-theme", next); } else { root.removeAttribute("data-theme"); }
      store("fdi-theme", next || null);
      showTheme();
    });
  }

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

  var wrap = document.getElementById("cmpwrap");
  if (!wrap) { return; }

  // "Viewed" marks, kept per change fingerprint: a changed change is unviewed again.
  // Every change counts: the mapping rows and the column, table and settings changes.
  var counter = document.getElementById("viewed-count");
  var section = wrap.closest("section.compare") || document;
  function countViewed() {
    if (!counter) { return; }
    var boxes = section.querySelectorAll("input[data-fp]");
    var n = 0;
    boxes.forEach(function (box) { if (box.checked) { n++; } });
    counter.textContent = n + " of " + boxes.length + " viewed";
  }
  function setupViewed(scope) {
    scope.querySelectorAll("label.viewed[hidden]").forEach(function (label) {
      var box = label.querySelector("input[data-fp]");
      label.hidden = false;
      box.checked = load("fdi-viewed:" + box.getAttribute("data-fp")) === "1";
      label.closest("tr").classList.toggle("is-viewed", box.checked);
      box.addEventListener("change", function () {
        store("fdi-viewed:" + box.getAttribute("data-fp"), box.checked ? "1" : null);
        label.closest("tr").classList.toggle("is-viewed", box.checked);
        countViewed();
      });
    });
  }
  setupViewed(document);
  if (counter) { counter.hidden = false; countViewed(); }

  // Placeholders: a small comparison has the rows on the page (hidden); a big one
  // fetches just that range and puts it in place.
  wrap.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("tr.gap a.expand");
    if (!a) { return; }
    ev.preventDefault();
    var tr = a.closest("tr");
    if (a.hasAttribute("data-group")) {
      var g = a.getAttribute("data-group");
      document.querySelectorAll("tr.same[data-group='" + g + "']").forEach(function (row) { row.classList.add("open"); });
      tr.classList.add("open");
      return;
    }
    if (tr.classList.contains("loading")) { return; }
    tr.classList.add("loading");
    fetch(a.getAttribute("href") + "&part=1", { headers: { "Accept": "text/html" } })
      .then(function (res) {
        if (!res.ok) { throw new Error("HTTP " + res.status); }
        return res.text();
      })
      .then(function (html) {
        var tmp = document.createElement("tbody");
        tmp.innerHTML = html;
        var rows = Array.prototype.slice.call(tmp.children);
        rows.forEach(function (row) { tr.parentNode.insertBefore(row, tr); });
        tr.remove();
        if (rows[0]) { setupViewed(rows[0].parentNode); }
      })
      .catch(function () { window.location.href = a.getAttribute("href"); });
  });

  // Compare: CSS applies the filters from the form's state; mirror them in the URL.
  var form = document.getElementById("filters");
  if (form && form.querySelector("input[name=old]")) {
    var apply = form.querySelector("button.apply");
    if (apply) { apply.hidden = true; }
    var permalink = document.getElementById("permalink");
    var sync = function () {
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
    };
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
  }

  // The sticky bar's height, for the CSS scroll padding that keeps a row link's row (and
  // j/k's) below the bar: it grows when the bar wraps.
  var bar = document.getElementById("stickybar");
  function barHeight() {
    if (bar) { root.style.setProperty("--stickybar-h", bar.offsetHeight + "px"); }
  }
  barHeight();
  if (bar && window.ResizeObserver) { new ResizeObserver(barHeight).observe(bar); }

  // Keyboard: j/n next change, k/p previous, v viewed, u split/unified, ? the list.
  var dialog = document.getElementById("shortcuts");
  var current = -1;
  // The reader's place across the split/unified switch: the focused change, else the
  // first change in view below the sticky bar. Its id goes in the switch's URL as the
  // fragment, so the other view opens on the same row, focused.
  function place() {
    var focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr[data-severity]") : null;
    if (focused && focused.id) { return focused; }
    var top = bar && getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().bottom : 0;
    var list = changes();
    for (var i = 0; i < list.length; i++) {
      var r = list[i].getBoundingClientRect();
      if (r.bottom > top && r.top < window.innerHeight) { return list[i]; }
    }
    return null;
  }
  var viewToggle = document.getElementById("view-toggle");
  function switchView() {
    if (!viewToggle) { return; }
    var at = place();
    window.location.href = viewToggle.getAttribute("href").split("#")[0] + (at ? "#" + encodeURIComponent(at.id) : "");
  }
  if (viewToggle) {
    viewToggle.addEventListener("click", function (ev) { ev.preventDefault(); switchView(); });
  }
  var landed = null;
  try { landed = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* a malformed fragment */ }
  if (landed && landed.matches("tr[data-severity]")) { landed.focus({ preventScroll: true }); }
  // The stops: every visible change, mapping rows first, then the column, table and
  // settings changes below the mapping table.
  function changes() {
    return Array.prototype.filter.call(section.querySelectorAll("#cmpwrap tr[data-severity], .others tr[data-severity]"), function (tr) {
      return tr.offsetParent !== null;
    });
  }
  function move(step) {
    var list = changes();
    if (!list.length) { return; }
    var at = list.indexOf(document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr[data-severity]") : null);
    if (at < 0) { at = current; }
    var next = Math.min(Math.max(at + step, 0), list.length - 1);
    if (at < 0 && step < 0) { next = 0; }
    current = next;
    list[next].focus({ preventScroll: true });
    list[next].scrollIntoView({ block: "center" });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) && t.type !== "checkbox") { return; }
    if (dialog && dialog.open) { return; }
    switch (ev.key) {
      case "j": case "n": move(1); break;
      case "k": case "p": move(-1); break;
      case "v": {
        var row = document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr[data-severity]") : null;
        var box = row && row.querySelector("input[data-fp]");
        if (box) { box.click(); row.focus({ preventScroll: true }); }
        break;
      }
      case "u": switchView(); break;
      case "?":
        if (dialog && dialog.showModal) { dialog.showModal(); }
        break;
      default: return;
    }
    ev.preventDefault();
  });
})();

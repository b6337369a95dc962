(function () {
  "use strict";
  var list = document.getElementById("stories");
  var q = document.getElementById("filter-text");
  var status = document.getElementById("filter-status");
  var sort = document.getElementById("sort");
  var shown = document.getElementById("shown");
  if (!list || !q || !status || !sort || !shown) { return; }
  var cards = Array.prototype.slice.call(list.children);
  function num(c, key) { return Number(c.getAttribute("data-" + key)) || 0; }
  function apply() {
    var text = q.value.trim().toLowerCase(), want = status.value, key = sort.value, n = 0;
    var sorted = cards.slice().sort(function (a, b) {
      if (key === "headline") {
        return a.getAttribute("data-headline").localeCompare(b.getAttribute("data-headline"));
      }
      if (key === "order") { return num(a, "order") - num(b, "order"); }
      return (num(b, key) - num(a, key)) || (num(a, "order") - num(b, "order"));
    });
    sorted.forEach(function (c) {
      var ok = (!want || c.getAttribute("data-status") === want) &&
        (!text || c.getAttribute("data-text").indexOf(text) >= 0);
      c.hidden = !ok;
      if (ok) { n++; }
      list.appendChild(c);
    });
    shown.textContent = n + " of " + cards.length + " shown";
  }
  [q, status, sort].forEach(function (e) {
    e.addEventListener("input", apply);
    e.addEventListener("change", apply);
  });
  document.getElementById("controls").hidden = false;
  apply();
})();

/* Autocomplete for any <input data-search-autocomplete="/api/v1/search/suggest/">.
   Progressive enhancement: without this script the form still submits to /search/. */
(function () {
  "use strict";
  function debounce(fn, ms) {
    var t;
    return function () { var a = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, a); }, ms); };
  }
  function attach(input) {
    var url = input.getAttribute("data-search-autocomplete");
    var page = input.getAttribute("data-search-page") || "/search/";
    var list = document.getElementById(input.getAttribute("aria-controls") || "");
    if (!list) {
      list = document.createElement("ul");
      list.setAttribute("role", "listbox");
      list.hidden = true;
      input.insertAdjacentElement("afterend", list);
    }
    var controller = null;
    function item(text, href) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text; // never innerHTML: names are user content
      li.appendChild(a);
      return li;
    }
    var update = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { list.hidden = true; list.textContent = ""; return; }
      if (controller) { controller.abort(); }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { products: [], categories: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.categories.forEach(function (c) { list.appendChild(item(c.name, page + "?category=" + c.id)); });
          data.products.forEach(function (p) { list.appendChild(item(p.name, page + "?q=" + encodeURIComponent(p.name))); });
          list.hidden = list.children.length === 0;
        })
        .catch(function () { /* aborted or offline: keep the plain form */ });
    }, 150);
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") { list.hidden = true; } });
  }
  document.querySelectorAll("input[data-search-autocomplete]").forEach(attach);
})();

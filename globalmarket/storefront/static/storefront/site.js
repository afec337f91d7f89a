// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Language and country selectors submit on change (the button stays for no-JS users).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var button = select.form && select.form.querySelector(".js-hide");
    if (button) button.hidden = true;
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Variant radios reload the product page for that option (a GET form without JS too).
  document.querySelectorAll("input[type=radio][data-autosubmit]").forEach(function (radio) {
    radio.addEventListener("change", function () { radio.form.submit(); });
  });

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Forms marked data-ajax post with fetch and update the cart badge without a reload.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-ajax]")) return;
    if (!window.fetch) return;
    event.preventDefault();
    var status = form.querySelector("[data-ajax-status]") || document.querySelector("[data-ajax-status]");
    var body = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var data = result.data || {};
      if (typeof data.cart_count === "number") {
        document.querySelectorAll("[data-cart-count]").forEach(function (el) { el.textContent = data.cart_count; });
      }
      if (data.replace) {
        Object.keys(data.replace).forEach(function (selector) {
          var target = document.querySelector(selector);
          if (target) target.outerHTML = data.replace[selector];
        });
      }
      if (status) status.textContent = data.message || (data.error && data.error.message) || "";
      if (data.redirect) window.location.assign(data.redirect);
    }).catch(function () { form.removeAttribute("data-ajax"); form.submit(); });
  });

  // Image preview before upload.
  document.querySelectorAll("input[type=file][data-preview]").forEach(function (input) {
    var target = document.getElementById(input.getAttribute("data-preview"));
    if (!target) return;
    input.addEventListener("change", function () {
      target.innerHTML = "";
      Array.prototype.forEach.call(input.files || [], function (file) {
        if (!/^image\//.test(file.type)) return;
        var img = document.createElement("img");
        img.alt = file.name;
        img.src = URL.createObjectURL(file);
        target.appendChild(img);
      });
    });
  });

  // Tabs (one per language in product forms): all panels are visible without JS.
  document.querySelectorAll("[data-tabs]").forEach(function (root) {
    var tabs = root.querySelectorAll("[role=tab]");
    function select(tab) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        var panel = document.getElementById(t.getAttribute("aria-controls"));
        if (panel) panel.hidden = !on;
      });
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function (e) { e.preventDefault(); select(tab); });
      tab.addEventListener("keydown", function (e) {
        var step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
        if (!step) return;
        if (document.dir === "rtl") step = -step;
        var next = tabs[(index + step + tabs.length) % tabs.length];
        next.focus(); select(next);
      });
    });
    if (tabs.length) select(tabs[0]);
  });
})();

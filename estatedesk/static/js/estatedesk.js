// Small behaviours of every page, as listeners here rather than inline scripts or on*=/hx-on
// attributes: the Content-Security-Policy allows scripts only from our static files.
(function () {
  "use strict";

  // On a phone the filters would push the table off the first screen: start them folded.
  function foldFiltersOnPhone() {
    if (!window.matchMedia("(max-width: 900px)").matches) return;
    document.querySelectorAll("details[data-fold-on-phone]").forEach(function (panel) {
      panel.removeAttribute("open");
    });
  }

  // A read-only key or address shown once: one click selects it all, ready to copy.
  function selectOnClick(event) {
    const input = event.target.closest("input[data-select-on-click]");
    if (input) input.select();
  }

  // A plain (non-htmx) form that deletes something asks first: <form data-confirm="…">.
  function confirmSubmit(event) {
    const form = event.target;
    const question = form instanceof HTMLFormElement && form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  }

  // Click-to-contact: a tel:, WhatsApp or mailto: link with data-log-url also opens the History
  // tab with the quick form set to that kind; the link itself still opens the phone or mailer.
  function openLogForm(event) {
    const link = event.target.closest("a[data-log-url]");
    if (link && window.htmx) {
      window.htmx.ajax("GET", link.dataset.logUrl, { target: "#tab-panel" });
    }
  }

  // A tab loaded by htmx becomes the selected one.
  function selectTab(event) {
    const tab = event.detail && event.detail.elt;
    if (!(tab instanceof Element) || !tab.matches(".tabs a")) return;
    tab.closest(".tabs").querySelectorAll("a").forEach(function (other) {
      other.setAttribute("aria-selected", other === tab ? "true" : "false");
    });
  }

  // "Go back to the form" on a page reached from another site's form.
  function historyBack(event) {
    if (event.target.closest("a[data-history-back]")) {
      event.preventDefault();
      window.history.back();
    }
  }

  document.addEventListener("click", selectOnClick);
  document.addEventListener("click", openLogForm);
  document.addEventListener("click", historyBack);
  document.addEventListener("submit", confirmSubmit);
  document.addEventListener("htmx:afterRequest", selectTab);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", foldFiltersOnPhone);
  } else {
    foldFiltersOnPhone();
  }
})();

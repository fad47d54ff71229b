// Lists of countries and reports: narrow the list while typing in the search box. Without
// JavaScript the same form filters on the server (a GET form), so nothing depends on this.
"use strict";

function narrow(form) {
  const needle = form.querySelector("[data-list-search]").value.trim().toLowerCase();
  for (const group of document.querySelectorAll("[data-list-group]")) {
    let shown = 0;
    for (const entry of group.querySelectorAll("[data-list-entry]")) {
      const match = !needle || entry.dataset.name.includes(needle);
      entry.hidden = !match;
      if (match) shown += 1;
    }
    group.hidden = shown === 0;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-list-filter]");
  if (!form) return;
  form.querySelector("[data-list-search]").addEventListener("input", () => narrow(form));
});

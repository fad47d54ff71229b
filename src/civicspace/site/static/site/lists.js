// Lists of countries and reports: narrow the list while typing in the search box. Without
// JavaScript the same form filters on the server (a GET form), so nothing depends on this.
"use strict";

// At once, on the names in the page; then the server's answer to the same form replaces the
// list and its count, so the count in the live status and the matching rules are the server's
// (on a live site; a baked copy keeps the narrowing done here).
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

let asked = 0;

async function refresh(form) {
  const mine = ++asked;
  const query = new URLSearchParams(new FormData(form)).toString();
  const response = await fetch(`${form.action}?${query}`, { headers: { Accept: "text/html" } });
  if (!response.ok || mine !== asked) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  if (mine !== asked) return;
  const fresh = page.querySelector("[data-list-groups]");
  const current = document.querySelector("[data-list-groups]");
  // A static copy of the site (civicspace site build) answers every query with the whole list:
  // only an answer that says it applied this search replaces what narrow() shows.
  const sent = (new FormData(form).get("q") || "").toString().trim().slice(0, 100);
  if (!fresh || fresh.dataset.listQuery !== sent) return;
  if (current) current.replaceWith(fresh);
  const count = page.querySelector("[data-list-count]");
  const status = document.querySelector("[data-list-count]");
  if (count && status) status.textContent = count.textContent;  // the same live region, announced
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-list-filter]");
  if (!form) return;
  let waiting = 0;
  form.querySelector("[data-list-search]").addEventListener("input", () => {
    narrow(form);
    clearTimeout(waiting);
    waiting = setTimeout(() => refresh(form), 250);
  });
});

// Chart/table views for every figure. Without this script both are on the page (the table in a
// disclosure under the chart); with it, the reader switches between them.
"use strict";

function figureShow(figure, view) {
  for (const button of figure.querySelectorAll("[data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === view));
  }
  for (const panel of figure.querySelectorAll("[data-panel]")) {
    panel.hidden = panel.dataset.panel !== view;
    if (panel.tagName === "DETAILS") panel.open = true;
  }
}

function figuresEnhance(root) {
  for (const figure of root.querySelectorAll("[data-figure]")) {
    const views = figure.querySelector(".figure-views");
    if (!views || !views.hidden) continue;
    views.hidden = false;
    figure.classList.add("figure-enhanced");
    for (const button of views.querySelectorAll("[data-view]")) {
      button.addEventListener("click", () => figureShow(figure, button.dataset.view));
    }
    figureShow(figure, "chart");
  }
}

// Swap the map for the one at `address` (same page, other query), keeping the address
// shareable; false when that cannot be done here, so the caller navigates instead.
async function mapSwap(address) {
  const response = await fetch(address, { headers: { Accept: "text/html" } });
  if (!response.ok) return false;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.querySelector("[data-map]");
  const current = document.querySelector("[data-map]");
  if (!fresh || !current) return false;
  current.replaceWith(fresh);
  figuresEnhance(fresh);
  regionsEnhance(fresh);
  history.replaceState(null, "", address);
  return true;
}

// The region links zoom the map in place; without the script they are plain links.
function regionsEnhance(root) {
  const form = document.querySelector("form[data-map-controls]");
  for (const link of root.querySelectorAll("[data-map-regions] a")) {
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      const region = link.dataset.region || "";
      if (form && form.elements.region) form.elements.region.value = region;
      if (!(await mapSwap(link.href))) window.location.assign(link.href);
      const again = document.querySelector(`[data-map-regions] a[href="${link.getAttribute("href")}"]`);
      if (again) again.focus();
    });
  }
}

// The map's year and principle controls: fetch the chosen map and swap it in place, keeping the
// address shareable. Without the script the form simply submits.
function mapEnhance(root) {
  const form = root.querySelector("form[data-map-controls]");
  if (!form) return;
  const submit = form.querySelector("[type=submit]");
  if (submit) submit.hidden = true;
  form.addEventListener("change", async () => {
    const query = new URLSearchParams(new FormData(form)).toString();
    if (!(await mapSwap(`${form.action}?${query}`))) form.submit();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  figuresEnhance(document);
  mapEnhance(document);
  regionsEnhance(document);
});

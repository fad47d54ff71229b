// Keeps unsaved typing in this tab (sessionStorage: gone when the tab closes, so nothing lingers
// on a shared computer) until it is saved, so a dropped connection or a reload loses nothing;
// the server copy stays the only saved one. A file, not an inline script, so the page's
// Content-Security-Policy can forbid inline scripts. The form's data attributes carry what the
// server knows: data-draft-key, data-draft-shown-saved ("true" unless the page answers a post)
// and the data-draft-restored sentence in the reader's language.
(function () {
  var form = document.querySelector("form.principle-form");
  if (!form || !window.sessionStorage) return;
  var key = form.dataset.draftKey;
  var saved = form.dataset.draftShownSaved === "true";
  if (saved && document.querySelector(".messages .success")) sessionStorage.removeItem(key);
  var draft = JSON.parse(sessionStorage.getItem(key) || "null");
  if (draft) {
    var note = document.createElement("p");
    note.className = "draft-note";
    note.setAttribute("role", "status");
    note.textContent = form.dataset.draftRestored;
    form.prepend(note);
    Object.keys(draft).forEach(function (name) {
      var field = form.elements[name];
      if (field && field.type !== "hidden") field.value = draft[name];
    });
  }
  form.addEventListener("input", function () {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (f) {
      if (f.name && f.type !== "hidden" && f.name !== "csrfmiddlewaretoken") data[f.name] = f.value;
    });
    sessionStorage.setItem(key, JSON.stringify(data));
  });
})();

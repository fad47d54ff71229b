// Select a sentence in a section's text and the section's comment form quotes it, so the comment
// is anchored to that passage. Without this script the form's "quote" field is filled by hand
// (copy and paste), and works the same. A file, not an inline script: the page's
// Content-Security-Policy forbids inline scripts.
(function () {
  var forms = document.querySelectorAll("form.new-comment[data-section]");
  Array.prototype.forEach.call(forms, function (form) {
    var section = form.closest(".text-section");
    var text = section && section.querySelector("textarea");
    var quote = form.querySelector("input.quote-field");
    if (!text || !quote) return;
    function quoteSelection() {
      var chosen = text.value.substring(text.selectionStart, text.selectionEnd).trim();
      if (!chosen) return;
      quote.value = chosen;
      quote.dispatchEvent(new Event("change", { bubbles: true }));
    }
    text.addEventListener("select", quoteSelection);
    text.addEventListener("mouseup", quoteSelection);
    text.addEventListener("keyup", quoteSelection);
  });
})();

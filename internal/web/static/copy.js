// The copy button of a newly created key: copies the text of the element
// its data-copy names.
"use strict";
document.addEventListener("click", function (e) {
  const button = e.target.closest("[data-copy]");
  if (!button) return;
  const text = document.getElementById(button.dataset.copy).textContent.trim();
  const done = document.getElementById("copy-done");
  navigator.clipboard.writeText(text).then(
    function () { if (done) done.textContent = "Copied."; },
    function () {
      // no clipboard (an insecure origin): select the text for Ctrl+C
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(button.dataset.copy));
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      if (done) done.textContent = "Selected: press Ctrl+C to copy.";
    });
});

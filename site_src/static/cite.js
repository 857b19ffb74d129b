/* Copy a paper's BibTeX entry to the clipboard. */
(function () {
  "use strict";
  var button = document.querySelector("[data-copy]");
  if (!button || !navigator.clipboard) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  var status = document.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent).then(function () {
      status.textContent = "BibTeX copied to the clipboard.";
    }, function () {
      status.textContent = "Copying failed: select the entry below and copy it.";
    });
  });
}());

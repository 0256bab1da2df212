// Compare Centers: a "Copy link" button for the share link. Without it, the link can still be
// selected and copied from its text box.
(function () {
  "use strict";
  var button = document.getElementById("copy-share-link");
  var input = document.getElementById("share-link");
  var status = document.getElementById("copy-status");
  if (!button || !input || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(
      function () { status.textContent = "Link copied."; },
      function () { input.select(); status.textContent = "Press Ctrl+C (or Command+C) to copy."; }
    );
  });
})();

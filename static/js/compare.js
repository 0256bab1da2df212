// Compare Centers: a "Copy link" button for the share link. Without it, the link can still be
// selected and copied from its text box. The words come from the status element's data
// attributes, in the page's language.
(function () {
  "use strict";
  var button = document.getElementById("copy-share-link");
  var input = document.getElementById("share-link");
  var status = document.getElementById("copy-status");
  if (!button || !input || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(
      function () { status.textContent = status.dataset.copied; },
      function () { input.select(); status.textContent = status.dataset.copyByHand; }
    );
  });
})();

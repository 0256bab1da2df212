// Find Rehab: say how many programs are ticked for comparing. The page works without this.
(function () {
  "use strict";
  var form = document.getElementById("compare-picker");
  var status = document.getElementById("compare-count");
  if (!form || !status) return;
  status.setAttribute("aria-live", "polite");
  form.addEventListener("change", function () {
    var ticked = form.querySelectorAll('input[name="ids"]:checked').length;
    if (ticked === 0) status.textContent = "Tick 2 to 4 programs.";
    else if (ticked === 1) status.textContent = "1 ticked. Tick at least one more.";
    else if (ticked <= 4) status.textContent = ticked + " ticked.";
    else status.textContent = ticked + " ticked. You can compare up to 4: untick " + (ticked - 4) + ".";
  });
})();

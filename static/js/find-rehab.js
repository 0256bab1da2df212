// Find Rehab: say how many programs are picked for comparing. The page works without this.
(function () {
  "use strict";
  var form = document.getElementById("compare-picker");
  var status = document.getElementById("compare-count");
  if (!form || !status) return;
  // Programs picked on other pages travel along as hidden inputs.
  var elsewhere = form.querySelectorAll('input[type="hidden"][name="ids"]').length;
  status.setAttribute("aria-live", "polite");
  form.addEventListener("change", function () {
    var picked = elsewhere + form.querySelectorAll('input[name="ids"]:checked').length;
    if (picked === 0) status.textContent = "Tick 2 to 4 programs.";
    else if (picked === 1) status.textContent = "1 picked. Tick at least one more.";
    else if (picked <= 4) status.textContent = picked + " picked.";
    else status.textContent = picked + " picked. You can compare up to 4: untick " + (picked - 4) + ".";
  });
})();

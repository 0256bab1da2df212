// Find Rehab: say how many programs are picked for comparing. The page works without this. The
// words come from the status element's data attributes, in the page's language ({n}, {extra}).
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
    var words = status.dataset;
    var text = picked === 0 ? words.none : picked === 1 ? words.one : picked <= 4 ? words.some : words.tooMany;
    status.textContent = text.replace("{n}", picked).replace("{extra}", picked - 4);
  });
})();

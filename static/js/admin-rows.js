/* Ordered rows on the article form (sources, related articles): an Add button, and Move up /
   Move down buttons that renumber the Position boxes. Without this script the rows still work:
   the blank row adds one and the Position numbers set the order. Focus stays on the button
   pressed, and a status line says where the row went, for screen readers. */
(function () {
  "use strict";

  function setUp(box) {
    var list = box.querySelector(".ordered-rows-list");
    var template = box.querySelector(".ordered-rows-template");
    var total = box.querySelector("input[name='" + box.dataset.prefix + "-TOTAL_FORMS']");
    var status = box.querySelector(".ordered-rows-status");
    var addButton = box.querySelector(".ordered-rows-add");

    function rows() { return Array.prototype.slice.call(list.children); }

    function renumber() {
      rows().forEach(function (row, index) {
        row.querySelector(".ordered-row-number").textContent = index + 1;
        row.querySelector(".ordered-row-position").value = index + 1;
        // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
        row.querySelector(".ordered-row-up").setAttribute("aria-disabled", index === 0);
        row.querySelector(".ordered-row-down")
          .setAttribute("aria-disabled", index === rows().length - 1);
      });
    }

    function say(message) { status.textContent = message; }

    function showButtons(row) {
      row.querySelectorAll("button[hidden]").forEach(function (button) { button.hidden = false; });
    }

    function move(row, step) {
      var all = rows();
      var target = all[all.indexOf(row) + step];
      if (!target) { return; }
      list.insertBefore(row, step < 0 ? target : target.nextSibling);
      renumber();
      say(box.dataset.noun + " moved to position " + (rows().indexOf(row) + 1) + " of " +
        rows().length + ".");
    }

    function add() {
      var index = Number(total.value);
      var html = template.innerHTML.replace(/__prefix__/g, index)
        .replace(/__number__/g, rows().length + 1);
      list.insertAdjacentHTML("beforeend", html);
      total.value = count = index + 1;
      var row = list.lastElementChild;
      showButtons(row);
      renumber();
      // Django's autocomplete.js starts the search box of a row announced like this.
      row.dispatchEvent(new CustomEvent("formset:added", {
        bubbles: true, detail: { formsetName: box.dataset.prefix }
      }));
      var first = row.querySelector(".select2-selection") ||
        row.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
      say(box.dataset.noun + " " + rows().length + " added.");
    }

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var row = button.closest(".ordered-row");
      if (button.classList.contains("ordered-row-up")) { move(row, -1); }
      if (button.classList.contains("ordered-row-down")) { move(row, 1); }
      button.focus();
    });
    addButton.addEventListener("click", add);
    // An autosaved draft put back into the form (admin-autosave.js) sets the row count
    // first: add the rows it had, so its values find their boxes.
    var count = Number(total.value);
    total.addEventListener("input", function () {
      var wanted = Number(total.value);
      total.value = count;
      while (count < wanted) { add(); }
    });
    addButton.hidden = false;
    rows().forEach(showButtons);
    renumber();
  }

  // select2 (Django's autocomplete.js starts it) names its box after the chosen title only and
  // leaves an unnamed textbox inside: name it "<label>: <title>" and make the inner one plain.
  function nameSearchBoxes(box) {
    box.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (shown) {
      var select = shown.closest(".ordered-row-field").querySelector("select");
      var label = select && document.querySelector("label[for='" + select.id + "']");
      if (!label) { return; }
      label.id = label.id || select.id + "_label";
      shown.removeAttribute("role");
      shown.removeAttribute("aria-readonly");
      shown.closest(".select2-selection")
        .setAttribute("aria-labelledby", label.id + " " + shown.id);
    });
  }

  function start() {
    document.querySelectorAll(".ordered-rows").forEach(function (box) {
      setUp(box);
      nameSearchBoxes(box);
      new MutationObserver(function () { nameSearchBoxes(box); })
        .observe(box, { childList: true, subtree: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The article edit page's "Share for review" panel: copy a link, and ask before a share button
// leaves the page while the article form holds unsaved changes.
(function () {
  "use strict";

  function copyButtons(panel) {
    panel.addEventListener("click", function (event) {
      const button = event.target.closest(".share-copy");
      if (!button) {
        return;
      }
      const field = document.getElementById(button.dataset.copy);
      field.select();
      const done = function () {
        button.textContent = "Copied";
      };
      const fallback = function () {
        document.execCommand("copy");
        done();
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  }

  function askBeforeLosingEdits(panel) {
    const articleForm = document.getElementById("article_form");
    let unsaved = false;
    if (articleForm) {
      articleForm.addEventListener("input", function () {
        unsaved = true;
      });
    }
    const question = "Your changes to the article are not saved and will be lost. Continue anyway?";
    panel.querySelectorAll(".share-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (unsaved && !window.confirm(question)) {
          event.preventDefault();
        }
      });
    });
  }

  function start() {
    const panel = document.getElementById("draft-share");
    if (panel) {
      copyButtons(panel);
      askBeforeLosingEdits(panel);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

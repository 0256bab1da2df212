/* Article edit page: keeps a draft of the form on the server every half minute while it has
   changes (iopguide/guide/autosave.py), and offers a kept draft back. A draft never touches
   the article. Loaded only in the admin. */
(function () {
  "use strict";

  function start() {
    var script = document.getElementById("autosave-config");
    var form = document.getElementById("article_form");
    if (!script || !form) { return; }
    var config = JSON.parse(script.textContent);
    // The version the form carries (after a refused save, the one the editor started from):
    // drafts record it, so a draft on an outdated version stays marked as one.
    var expected = form.elements.expected_version;
    if (expected && expected.value) { config.base_version = parseInt(expected.value, 10); }
    var status = statusLine(form);
    var opened = snapshot(form, config.fields);
    var sent = opened;
    var submitting = false;
    // A kept draft waits for the editor's choice: a new one would replace it unseen.
    var waiting = Boolean(config.pending && document.getElementById("autosave-notice"));

    function send(payload) {
      return fetch(config.url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": form.elements.csrfmiddlewaretoken.value
        },
        body: JSON.stringify(Object.assign({ article: config.article }, payload))
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          body.status = response.status;
          return body;
        });
      });
    }

    function keep() {
      var now = snapshot(form, config.fields);
      if (submitting || now === sent) { return; }
      if (waiting) {
        say(status, "Changes are not kept automatically until you restore or discard the " +
            "unsaved changes shown at the top.", true);
        return;
      }
      // Back to what was opened: nothing left to keep.
      var payload = now === opened ? { discard: true } : {
        base_version: config.base_version,
        fields: JSON.parse(now)
      };
      send(payload).then(function (body) {
        if (body.status === 200) {
          sent = now;
          if (body.discarded) { say(status, ""); return; }
          var saved = "Draft saved " + body.saved_at_display + ".";
          say(status, body.warning ? saved + " " + body.warning : saved, Boolean(body.warning));
        } else if (body.status !== 429) {  // too soon: the next round sends it
          say(status, "Draft not kept: " + (body.error || "the server did not answer") +
              " Your text is still here.", true);
        }
      }, function () {
        say(status, "Draft not kept: no connection. Your text is still here.", true);
      });
    }

    window.setInterval(keep, config.interval * 1000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { keep(); }
    });
    form.addEventListener("submit", function () { submitting = true; });
    offerBack(config, form, send, function () { waiting = false; });
  }

  // The draft's values: what the form would post for these names, as one comparable string.
  function snapshot(form, names) {
    var values = {};
    names.forEach(function (name) {
      var element = form.elements[name];
      if (!element) { return; }
      if (element.type === "checkbox") {
        values[name] = element.checked;
      } else if (element.multiple) {
        values[name] = Array.prototype.filter.call(element.options, function (option) {
          return option.selected;
        }).map(function (option) { return option.value; });
      } else {
        values[name] = element.value;
      }
    });
    return JSON.stringify(values);
  }

  // In the order of `names`: a list of rows gets its row count (and so its rows) first.
  function fill(form, values, names) {
    names.filter(function (name) { return name in values; }).forEach(function (name) {
      var element = form.elements[name];
      if (!element) { return; }
      var value = values[name];
      if (element.type === "checkbox") {
        element.checked = value === true;
      } else if (element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = value.indexOf(option.value) !== -1;
        });
      } else {
        if (element.tagName === "SELECT" && value &&
            !Array.prototype.some.call(element.options, function (o) { return o.value === value; })) {
          // A search box lists only its current choice; the draft's is named by its address.
          element.add(new Option(value, value));
        }
        element.value = value;
      }
      // The preview, the counters and the search preview follow their fields' input.
      element.dispatchEvent(new Event("input", { bubbles: true }));
      if (element.tagName === "SELECT") {
        element.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  function offerBack(config, form, send, decided) {
    var notice = document.getElementById("autosave-notice");
    if (!notice || !config.pending) { return; }
    function close(message) {
      decided();
      notice.textContent = "";
      var text = document.createElement("p");
      text.textContent = message;
      notice.appendChild(text);
      notice.focus();
    }
    notice.querySelector("[data-autosave=restore]").addEventListener("click", function () {
      fill(form, config.pending.fields, config.fields);
      if (config.pending.base_version !== config.base_version) {
        // Keep the version the draft started from: the form's own check then refuses to save
        // it over the newer one, and later drafts say so.
        form.elements.expected_version.value = config.pending.base_version;
        config.base_version = config.pending.base_version;
        close("Your changes are back in the form to copy. Saving will be refused, because " +
              "this article has a newer version.");
      } else {
        close("Your changes are back in the form. Save to keep them.");
      }
    });
    notice.querySelector("[data-autosave=discard]").addEventListener("click", function () {
      send({ discard: true }).then(function (body) {
        close(body.status === 200 ? "The unsaved changes were discarded." :
              "Not discarded: " + (body.error || "the server did not answer") + ".");
      });
    });
  }

  // A polite live region under the body's editor (or at the end of the form).
  function statusLine(form) {
    var status = document.createElement("p");
    status.id = "autosave-status";
    status.className = "autosave-status";
    status.setAttribute("role", "status");
    var editor = form.querySelector(".field-body .markdownx");
    if (editor) {
      editor.insertAdjacentElement("afterend", status);
    } else {
      form.appendChild(status);
    }
    return status;
  }

  function say(status, message, problem) {
    status.textContent = message;
    status.classList.toggle("autosave-problem", Boolean(problem));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

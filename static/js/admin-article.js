/* Article edit page: live character counters for the meta title and summary, and a
   search-result preview that follows what the editor types. Loaded only in the admin. */
(function () {
  "use strict";

  function counterFor(input, limit) {
    var counter = document.createElement("p");
    counter.id = input.id + "_counter";
    counter.className = "char-counter";
    counter.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", counter);
    var describedBy = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);

    function update() {
      var length = input.value.length;
      counter.textContent = length + " of about " + limit + " characters" +
        (length > limit ? ": may be cut off in search results" : "");
      counter.classList.toggle("over-limit", length > limit);
    }
    input.addEventListener("input", update);
    update();
  }

  function preview(box) {
    var fields = {
      title: document.getElementById("id_title"),
      metaTitle: document.getElementById("id_meta_title"),
      slug: document.getElementById("id_slug"),
      summary: document.getElementById("id_summary")
    };
    var url = box.querySelector(".search-preview-url");
    var title = box.querySelector(".search-preview-title");
    var description = box.querySelector(".search-preview-description");

    function update() {
      var metaTitle = fields.metaTitle && fields.metaTitle.value.trim();
      var plainTitle = fields.title && fields.title.value.trim();
      title.textContent = (metaTitle || plainTitle || "Title") + box.dataset.titleSuffix;
      if (fields.slug && fields.slug.value.trim()) {
        url.textContent = box.dataset.baseUrl + fields.slug.value.trim() + "/";
      }
      description.textContent = (fields.summary && fields.summary.value.trim()) || "Summary";
    }
    Object.keys(fields).forEach(function (name) {
      if (fields[name]) { fields[name].addEventListener("input", update); }
    });
    update();
  }

  function start() {
    var box = document.querySelector(".search-preview");
    if (!box) { return; }
    // Limits come from the server (quality.py), so the page and the checks agree.
    var limits = {
      id_meta_title: Number(box.dataset.titleLimit),
      id_summary: Number(box.dataset.descriptionLimit)
    };
    Object.keys(limits).forEach(function (id) {
      var input = document.getElementById(id);
      if (input) { counterFor(input, limits[id]); }
    });
    preview(box);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

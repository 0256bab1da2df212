/* Article edit page, wide screens (the media query below matches admin-article.css): the
   markdown and its live preview sit side by side, each scrolling in its own box, and the
   preview follows the editor's scroll. Loaded only in the admin. */
(function () {
  "use strict";

  var WIDE = "(min-width: 1100px)";

  function start() {
    var editor = document.querySelector(".field-body .markdownx-editor");
    var preview = editor && editor.parentElement.querySelector(".markdownx-preview");
    if (!preview) { return; }
    preview.setAttribute("role", "region");
    preview.setAttribute("aria-label", "Preview of the body");
    var wide = window.matchMedia(WIDE);
    // Side by side the preview scrolls in its own box, which the keyboard must reach (arrow
    // keys then scroll it); stacked, it is as tall as its text and needs no tab stop.
    function reachable() {
      if (wide.matches) {
        preview.tabIndex = 0;
      } else {
        preview.removeAttribute("tabindex");
      }
    }
    reachable();
    wide.addEventListener("change", reachable);

    // The same share of the way down: the preview's blocks are taller or shorter than their
    // markdown, but never far from it, and the two boxes meet at the top and at the end.
    function follow() {
      if (!wide.matches) { return; }
      var range = editor.scrollHeight - editor.clientHeight;
      var share = range > 0 ? editor.scrollTop / range : 0;
      preview.scrollTop = share * (preview.scrollHeight - preview.clientHeight);
    }
    editor.addEventListener("scroll", follow, { passive: true });
    // markdownx replaces the preview after each change: keep the editor's place.
    editor.parentElement.addEventListener("markdownx.update", follow);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The live "N of 8192 characters used" counter under comment boxes.
// It counts exactly what the server counts (quire/comments/text.py): line endings become
// "\n", control characters are dropped, and each character as the reader sees it (a
// grapheme cluster: an emoji with its modifiers, a letter with its accents) counts once.
(function () {
  "use strict";
  var CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
  var segmenter =
    typeof Intl !== "undefined" && Intl.Segmenter
      ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
      : null;

  function count(text) {
    text = text.replace(/\r\n?/g, "\n").replace(CONTROLS, "");
    if (!segmenter) return Array.from(text).length;
    var n = 0;
    for (var it = segmenter.segment(text)[Symbol.iterator](), s = it.next(); !s.done; s = it.next()) n++;
    return n;
  }

  function attach(counter) {
    var field = document.getElementById(counter.getAttribute("data-for"));
    if (!field || counter.hasAttribute("data-ready")) return;
    counter.setAttribute("data-ready", "");
    var used = counter.querySelector("[data-used]");
    var warning = counter.querySelector("[data-warning]");
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var state = "";
    function update() {
      var n = count(field.value);
      used.textContent = String(n);
      var next = n > max ? "over" : n >= max * 0.9 ? "near" : "";
      counter.classList.toggle("is-near", next === "near");
      counter.classList.toggle("is-over", next === "over");
      if (next !== state) {
        // Announced once when crossing a threshold, not on every keystroke.
        warning.textContent =
          next === "over" ? " — " + (n - max) + " over the limit" :
          next === "near" ? " — close to the limit" : "";
        state = next;
      } else if (next === "over") {
        warning.textContent = " — " + (n - max) + " over the limit";
      }
    }
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-comment-counter]").forEach(attach);
})();

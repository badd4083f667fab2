// The live "N of 8192 characters used" counter under comment boxes.
// It counts exactly what the server counts (quire/comments/text.py): line endings become
// "\n", control characters are dropped, and each character as the reader sees it (a
// grapheme cluster: an emoji with its modifiers, a letter with its accents) counts once,
// or once for every 16 code points it holds. Text too large to be within the limit (over
// 16 code points or 48 bytes of UTF-8 a character, as it is sent) is not counted at all.
(function () {
  "use strict";
  var CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
  var CODE_POINTS_PER_CHAR = 16;
  var BYTES_PER_CHAR = 48;
  var segmenter =
    typeof Intl !== "undefined" && Intl.Segmenter
      ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
      : null;

  // The size of the text as the server receives it: a form sends each line break as
  // "\r\n", and a lone surrogate as U+FFFD (3 bytes).
  function tooLarge(text, max) {
    var points = 0, bytes = 0;
    var maxPoints = max * CODE_POINTS_PER_CHAR, maxBytes = max * BYTES_PER_CHAR;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 10) {
        points += 2;
        bytes += 2;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
                 (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        points += 1;
        bytes += 4;
        i++;
      } else {
        points += 1;
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
      if (points > maxPoints || bytes > maxBytes) return true;
    }
    return false;
  }

  function codePoints(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if ((c & 0xfc00) !== 0xdc00 || i === 0 || (s.charCodeAt(i - 1) & 0xfc00) !== 0xd800) n++;
    }
    return n;
  }

  // null when the text is too large to count.
  function count(text, max) {
    if (tooLarge(text, max)) return null;
    text = text.replace(/\r\n?/g, "\n").replace(CONTROLS, "");
    if (!segmenter) return codePoints(text);
    var n = 0;
    for (var it = segmenter.segment(text)[Symbol.iterator](), s = it.next(); !s.done; s = it.next()) {
      var g = s.value.segment;
      // A cluster of up to 16 UTF-16 units has at most 16 code points.
      n += g.length <= CODE_POINTS_PER_CHAR ? 1 : Math.ceil(codePoints(g) / CODE_POINTS_PER_CHAR);
    }
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
      var n = count(field.value, max);
      used.textContent = n === null ? "more than " + max : String(n);
      var next = n === null || n > max ? "over" : n >= max * 0.9 ? "near" : "";
      counter.classList.toggle("is-near", next === "near");
      counter.classList.toggle("is-over", next === "over");
      var text =
        n === null ? " — far over the limit" :
        next === "over" ? " — " + (n - max) + " over the limit" :
        next === "near" ? " — close to the limit" : "";
      // Announced once when crossing a threshold, not on every keystroke; while over,
      // the number over is kept current.
      if (next !== state || next === "over") warning.textContent = text;
      state = next;
    }
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-comment-counter]").forEach(attach);
})();

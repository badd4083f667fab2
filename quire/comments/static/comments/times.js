// "5 minutes ago" stays true on a page kept in the cache: each comment's time is worked
// out again from its datetime attribute, by the same rules as the server's relative_time
// filter (quire/comments/templatetags/comment_tags.py).
(function () {
  "use strict";
  var UNITS = [
    [365 * 24 * 3600, "year"],
    [30 * 24 * 3600, "month"],
    [7 * 24 * 3600, "week"],
    [24 * 3600, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];

  function relative(then, now) {
    var seconds = (now - then) / 1000;
    if (!(seconds >= 60)) return "just now";
    for (var i = 0; i < UNITS.length; i++) {
      if (seconds >= UNITS[i][0]) {
        var n = Math.floor(seconds / UNITS[i][0]);
        return n + " " + UNITS[i][1] + (n === 1 ? "" : "s") + " ago";
      }
    }
    return "just now";
  }

  function refresh() {
    var now = Date.now();
    document.querySelectorAll("time[data-relative]").forEach(function (el) {
      var then = Date.parse(el.getAttribute("datetime"));
      if (!isNaN(then)) el.textContent = relative(then, now);
    });
  }

  refresh();
  setInterval(refresh, 60 * 1000);
})();

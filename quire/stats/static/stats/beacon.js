// Quire's reading statistics: one view when the page is shown, and the seconds it was
// actually visible when it is left. First-party, no cookie, nothing stored in the browser.
(function () {
  "use strict";
  var script = document.currentScript;
  var target = script && script.getAttribute("data-target");
  if (!target || !navigator.sendBeacon) return;
  var endpoint = "/stats/hit";
  var visibleSince = null;
  var seconds = 0;

  function send(data) {
    navigator.sendBeacon(endpoint, JSON.stringify(data));
  }
  function start() {
    if (document.visibilityState === "visible" && visibleSince === null) visibleSince = Date.now();
  }
  function stop() {
    if (visibleSince !== null) {
      seconds += (Date.now() - visibleSince) / 1000;
      visibleSince = null;
    }
  }
  function counted() {
    send({ t: target, k: "v", r: document.referrer });
    start();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        start();
      } else {
        stop();
        if (seconds >= 1) {
          send({ t: target, k: "t", s: Math.round(seconds) });
          seconds = 0;
        }
      }
    });
  }
  // A prerendered page counts only if the reader actually opens it.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", counted, { once: true });
  } else {
    counted();
  }
})();

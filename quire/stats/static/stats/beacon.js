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
    watchAds();
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
  // Ads: an impression is a slot showing something (a house ad, or the network's frame
  // the reader allowed) at least half on screen for a second; once per slot per page.
  function watchAds() {
    if (!window.IntersectionObserver) return;
    var timers = new Map();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var slot = entry.target;
        if (entry.intersectionRatio >= 0.5 && document.visibilityState === "visible") {
          if (!timers.has(slot)) {
            timers.set(slot, setTimeout(function () {
              var fill = slot.getAttribute("data-ad-fill");
              if (!fill) { timers.delete(slot); return; }
              send({ t: target, k: "i", a: slot.getAttribute("data-ad-slot"), f: fill });
              observer.unobserve(slot);
            }, 1000));
          }
        } else if (timers.has(slot)) {
          clearTimeout(timers.get(slot));
          timers.delete(slot);
        }
      });
    }, { threshold: [0, 0.5] });
    document.querySelectorAll("[data-ad-slot]").forEach(function (slot) { observer.observe(slot); });
  }

  // A prerendered page counts only if the reader actually opens it.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", counted, { once: true });
  } else {
    counted();
  }
})();

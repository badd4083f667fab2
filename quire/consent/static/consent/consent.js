// Quire's consent manager: a few lines that decide, from the consent cookie alone, whether
// to show the banner and which third-party embeds to load. The page HTML is the same for
// every visitor; nothing third-party is requested before the visitor allows it.
(function () {
  "use strict";
  var dataNode = document.getElementById("consent-registry");
  var banner = document.querySelector("[data-consent-banner]");
  if (!dataNode || !banner) return;
  var registry = JSON.parse(dataNode.textContent);
  var gpc = navigator.globalPrivacyControl === true;
  var loaded = 0;

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return null;
  }

  // The same format the server writes and checks (quire/consent/cookie.py); anything else,
  // an old registry version or an expired choice counts as no choice at all.
  var PATTERN = /^v1\|[0-9a-f]{32}\|([0-9]{1,9})\|([0-9]{1,12})\|((?:[a-z0-9_-]{1,40}(?:\.[a-z0-9_-]{1,40})*)?)\|[0-9a-f]{32}$/;
  function consent() {
    var raw = readCookie("quire_consent");
    var m = raw && raw.replace(/^"|"$/g, "").match(PATTERN);
    if (!m || parseInt(m[1], 10) !== registry.version) return null;
    var ageDays = (Date.now() / 1000 - parseInt(m[2], 10)) / 86400;
    if (ageDays > registry.months * 30) return null;
    return { allowed: m[3] ? m[3].split(".") : [] };
  }

  function allowed(key) {
    var service = registry.services[key];
    if (!service) return false;
    if (service.category === "necessary") return true;
    var current = consent();
    if (current) return current.allowed.indexOf(key) !== -1;
    // No choice yet: only an opt-out region (from the operator's trusted country header)
    // loads optional services, and never Marketing under Global Privacy Control.
    return readCookie("quire_region") === "out" && !(gpc && service.category === "marketing");
  }

  function load(frame) {
    if (frame.hasAttribute("data-embed-loaded")) return;
    var iframe = document.createElement("iframe");
    iframe.src = frame.getAttribute("data-embed-url");
    iframe.title = frame.getAttribute("data-embed-title") || "Embedded content";
    iframe.loading = "lazy";
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    iframe.allow = "fullscreen; picture-in-picture; encrypted-media";
    iframe.setAttribute("allowfullscreen", "");
    frame.replaceChildren(iframe);
    frame.setAttribute("data-embed-loaded", "");
    loaded++;
  }

  // An ad network's slot: its code runs in the site's own sandboxed frame (no cookies or
  // page of this site reachable from it), framed only once the reader allowed the network.
  function loadAd(slot) {
    if (slot.hasAttribute("data-embed-loaded")) return;
    var iframe = document.createElement("iframe");
    iframe.src = slot.getAttribute("data-ad-frame");
    iframe.title = "Advertisement";
    iframe.loading = "lazy";
    iframe.setAttribute("sandbox", "allow-scripts allow-popups allow-popups-to-escape-sandbox");
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    slot.querySelector(".ad-content").replaceChildren(iframe);
    slot.setAttribute("data-ad-fill", slot.getAttribute("data-service"));
    slot.setAttribute("data-embed-loaded", "");
    loaded++;
  }

  function applyEmbeds() {
    document.querySelectorAll("[data-consent-embed]").forEach(function (frame) {
      if (allowed(frame.getAttribute("data-service"))) load(frame);
    });
    document.querySelectorAll("[data-ad-frame]").forEach(function (slot) {
      if (allowed(slot.getAttribute("data-service"))) loadAd(slot);
    });
  }

  function send(fields) {
    return fetch("/privacy/token/", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (t) {
        var body = new URLSearchParams(fields);
        if (gpc) body.append("gpc", "1");
        return fetch("/privacy/choices/", {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": t.csrfToken, Accept: "application/json" },
          body: body,
        });
      })
      .then(function (r) {
        if (!r.ok) throw new Error("consent not saved");
      });
  }

  function choose(fields) {
    var hadLoaded = loaded;
    return send(fields).then(function () {
      hideBanner();
      // Withdrawing consent for something already shown needs a clean page.
      var withdrew = Array.prototype.some.call(
        document.querySelectorAll("[data-embed-loaded]"),
        function (f) { return !allowed(f.getAttribute("data-service")); }
      );
      if (hadLoaded && withdrew) window.location.reload();
      else applyEmbeds();
    });
  }

  var customise = banner.querySelector("[data-consent-customise]");
  var form = banner.querySelector("[data-consent-form]");

  function showBanner(openCustomise) {
    banner.hidden = false;
    banner.querySelector("[data-consent-gpc]").hidden = !gpc;
    if (gpc) {
      var marketing = form.querySelector('input[value="marketing"]');
      if (marketing) { marketing.checked = false; marketing.disabled = true; }
    }
    if (openCustomise) {
      var current = consent();
      form.querySelectorAll('input[name="category"]:not([disabled])').forEach(function (box) {
        box.checked = !!current && Object.keys(registry.services).some(function (key) {
          return registry.services[key].category === box.value && current.allowed.indexOf(key) !== -1;
        });
      });
      form.hidden = false;
      customise.setAttribute("aria-expanded", "true");
      banner.querySelector(".consent-title").focus();
    }
    // The banner never hides the end of the page: the page grows by its height.
    document.body.style.paddingBottom = banner.offsetHeight + "px";
  }

  function hideBanner() {
    var hadFocus = banner.contains(document.activeElement);
    banner.hidden = true;
    document.body.style.paddingBottom = "";
    if (hadFocus) document.getElementById("main").focus();
  }

  banner.querySelectorAll("[data-consent-action]").forEach(function (button) {
    button.addEventListener("click", function () {
      choose({ action: button.getAttribute("data-consent-action") });
    });
  });
  customise.addEventListener("click", function () {
    var open = form.hidden;
    form.hidden = !open;
    customise.setAttribute("aria-expanded", String(open));
    if (open) showBanner(true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = [["action", "custom"]];
    form.querySelectorAll('input[name="category"]:checked:not([disabled])').forEach(function (box) {
      fields.push(["category", box.value]);
    });
    choose(fields);
  });

  document.querySelectorAll("[data-consent-embed]").forEach(function (frame) {
    var actions = frame.querySelector("[data-embed-actions]");
    if (!actions) return;
    actions.hidden = false;
    actions.querySelector("[data-embed-load]").addEventListener("click", function () { load(frame); });
    actions.querySelector("[data-embed-allow]").addEventListener("click", function () {
      choose({ action: "allow_service", service: frame.getAttribute("data-service") });
    });
  });

  document.querySelectorAll("[data-consent-open]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      showBanner(true);
    });
  });

  if (!consent()) showBanner(false);
  applyEmbeds();
})();

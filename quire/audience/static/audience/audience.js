// Follow buttons, "helpful" and helpful counts on pages that are the same for every
// reader (cached whole): asks /following/state/ what this reader follows and how many
// found each hub helpful, and, for a signed-in reader, follows and marks in place.
// Without this script every button still works: it opens a page that asks.
(function () {
  "use strict";
  if (window.quireAudience) return;
  window.quireAudience = true;

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var signedIn = document.body.hasAttribute("data-signed-in");
    var follows = Array.prototype.slice.call(document.querySelectorAll("form[data-follow]"));
    var helpful = Array.prototype.slice.call(document.querySelectorAll("form[data-helpful]"));
    var cards = Array.prototype.slice.call(document.querySelectorAll(".hub-card[data-hub]"));
    var params = new URLSearchParams();
    var seen = {};
    function add(name, value) {
      var key = name + ":" + value;
      if (!seen[key]) { seen[key] = true; params.append(name, value); }
    }
    if (signedIn) {
      follows.forEach(function (f) { add(f.dataset.follow, f.dataset.followId); });
      helpful.forEach(function (f) { add("hub", f.dataset.helpful); });
    }
    cards.forEach(function (c) { add("hub", c.dataset.hub); });
    if (!params.toString()) return;
    var token = null;

    function showFollow(form, on) {
      form.dataset.following = on ? "1" : "";
      var button = form.querySelector("button");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      form.querySelector(".follow-label").textContent = on ? "Following" : "Follow";
    }
    function showHelpful(form, on) {
      form.querySelector("button").setAttribute("aria-pressed", on ? "true" : "false");
    }
    function showCount(hub, n) {
      document.querySelectorAll('[data-helpful-count="' + hub + '"]').forEach(function (el) {
        el.textContent = n + (n === 1 ? " reader found this helpful" : " readers found this helpful");
      });
      cards.forEach(function (card) {
        if (card.dataset.hub !== String(hub) || n < 1) return;
        var meta = card.querySelector(".meta");
        var el = card.querySelector(".card-helpful");
        if (!el && meta) {
          el = document.createElement("span");
          el.className = "card-helpful";
          meta.appendChild(el);
        }
        if (el) el.textContent = " · " + n + " found it helpful";
      });
    }
    function post(form, body) {
      return fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token, Accept: "application/json" },
        body: body,
      }).then(function (r) { return r.json(); });
    }

    fetch("/following/state/?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) return;
        var counts = state.counts || {};
        Object.keys(counts).forEach(function (hub) { showCount(hub, counts[hub]); });
        if (!state.signedIn || !state.csrfToken) return;
        token = state.csrfToken;
        follows.forEach(function (form) {
          var list = form.dataset.follow === "author" ? state.authors : state.channels;
          showFollow(form, list.indexOf(Number(form.dataset.followId)) >= 0);
          form.addEventListener("submit", function (event) {
            event.preventDefault();
            var body = new FormData();
            body.append("action", form.dataset.following ? "unfollow" : "follow");
            post(form, body).then(function (answer) {
              if (answer.error) { window.location = form.action + "?next=" + encodeURIComponent(location.pathname); return; }
              document.querySelectorAll('form[data-follow="' + form.dataset.follow + '"][data-follow-id="' + form.dataset.followId + '"]')
                .forEach(function (same) { showFollow(same, answer.following); });
              if (answer.followers !== undefined) {
                document.querySelectorAll(".follower-count").forEach(function (el) {
                  el.textContent = answer.followers + (answer.followers === 1 ? " follower" : " followers");
                });
              }
            });
          });
        });
        helpful.forEach(function (form) {
          showHelpful(form, state.helpful.indexOf(Number(form.dataset.helpful)) >= 0);
          form.addEventListener("submit", function (event) {
            event.preventDefault();
            post(form, new FormData()).then(function (answer) {
              if (answer.error) { window.location = form.action; return; }
              showHelpful(form, answer.helpful);
              showCount(form.dataset.helpful, answer.count);
            });
          });
        });
      })
      .catch(function () {});
  });
})();

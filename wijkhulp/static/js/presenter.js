/* The presenter page of an auction evening (templates/ideas/presenter.html), as progressive enhancement:
   - keys: ArrowRight / PageDown go to the next idea, ArrowLeft / PageUp to the previous one (a presenter's
     clicker sends PageDown and PageUp); they follow the page's rel=next / rel=prev links;
   - every few seconds it fetches the figures (presenter/state.json) and puts them in place, without reloading
     or moving the page; a button pauses this (WCAG 2.2.2);
   - a button asks the browser for full screen.
   Without this script the page works as it is: links, a "Refresh now" link and an opt-in timed refresh. */
(function () {
  "use strict";

  var body = document.body;
  var stateUrl = body.getAttribute("data-state-url");
  var seconds = parseInt(body.getAttribute("data-poll-seconds"), 10) || 15;
  var timer = null;
  var paused = false;

  function follow(rel) {
    var link = document.querySelector('a[rel="' + rel + '"]');
    if (link) {
      window.location.assign(link.href);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      return;
    }
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      follow("next");
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      follow("prev");
    }
  });

  function setText(id, text) {
    var element = document.getElementById(id);
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  function showPledges(pledges) {
    var list = document.getElementById("presenter-pledges");
    if (!list) {
      return;
    }
    var items = [];
    pledges.forEach(function (pledge) {
      var item = document.createElement("li");
      var name = document.createElement("strong");
      name.textContent = pledge.partner;
      item.appendChild(name);
      item.appendChild(document.createTextNode(": " + pledge.amount + " · " + pledge.need));
      items.push(item);
    });
    if (!items.length) {
      var empty = document.createElement("li");
      empty.className = "presenter__empty";
      empty.textContent = list.getAttribute("data-empty");
      items.push(empty);
    }
    var now = Array.prototype.map.call(list.children, function (li) { return li.textContent; }).join("\n");
    var next = items.map(function (li) { return li.textContent; }).join("\n");
    if (now !== next) {  // replace only on a change, so screen readers hear only news
      list.replaceChildren.apply(list, items);
    }
  }

  function show(state) {
    var idea = document.getElementById("presenter-title");
    if (!state.idea || !idea) {
      return;
    }
    setText("presenter-counter", state.counter);
    setText("presenter-covered", state.covered);
    state.needs.forEach(function (need) {
      setText("presenter-figure-" + need.id, need.text);
      var row = document.getElementById("presenter-need-" + need.id);
      if (row) {
        row.classList.toggle("presenter__need--covered", need.covered);
        var meter = row.querySelector("meter");
        if (meter) {
          meter.max = need.max;
          meter.value = need.value;
          meter.textContent = need.text;
        }
      }
    });
    showPledges(state.pledges);
  }

  function poll() {
    if (paused || !stateUrl || !window.fetch) {
      return;
    }
    window.fetch(stateUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) { if (state) { show(state); } })
      .catch(function () { /* the next turn tries again; the room keeps the last figures */ });
  }

  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "presenter__button";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  var nav = document.getElementById("presenter-nav");
  var hasMetaRefresh = document.querySelector('meta[http-equiv="refresh"]') !== null;
  if (nav && stateUrl && !hasMetaRefresh) {
    // The script updates the figures itself, so the timed reload is not needed.
    var autorefresh = nav.querySelector(".presenter__autorefresh");
    if (autorefresh) {
      autorefresh.hidden = true;
    }
    var pause = button(body.getAttribute("data-pause-label"), function () {
      paused = !paused;
      pause.textContent = body.getAttribute(paused ? "data-resume-label" : "data-pause-label");
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      if (!paused) {
        poll();
      }
    });
    pause.setAttribute("aria-pressed", "false");
    nav.appendChild(pause);
    timer = window.setInterval(poll, seconds * 1000);
  }
  if (nav && document.documentElement.requestFullscreen) {
    nav.appendChild(button(body.getAttribute("data-fullscreen-label"), function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        document.documentElement.requestFullscreen();
      }
    }));
  }
  window.addEventListener("pagehide", function () {
    if (timer) {
      window.clearInterval(timer);
    }
  });
}());

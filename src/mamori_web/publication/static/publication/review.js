// 公開前チェック review screen: keyboard navigation between findings.
//   j / n  next finding       k / p  previous finding      Enter  its decision form
// Loaded as a static file (the CSP forbids inline script); does nothing on other pages.
(function () {
  "use strict";

  var index = -1;

  function marks() {
    return Array.prototype.slice.call(document.querySelectorAll(".finding-mark"));
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function show(i) {
    var all = marks();
    if (!all.length) { return; }
    index = (i + all.length) % all.length;
    all.forEach(function (m) { m.classList.remove("current"); });
    var mark = all[index];
    mark.classList.add("current");
    mark.focus({ preventScroll: true });
    mark.scrollIntoView({ block: "center" });
    var rows = document.querySelectorAll(".finding-row.current");
    Array.prototype.forEach.call(rows, function (r) { r.classList.remove("current"); });
    var row = document.getElementById("row-" + mark.getAttribute("data-finding"));
    if (row) { row.classList.add("current"); }
  }

  function currentIndex() {
    var all = marks();
    var active = all.indexOf(document.activeElement);
    return active >= 0 ? active : index;
  }

  function openDecision() {
    var all = marks();
    var mark = all[currentIndex()];
    if (!mark) { return false; }
    var reason = document.getElementById("reason-" + mark.getAttribute("data-finding"));
    if (!reason) { return false; }
    reason.scrollIntoView({ block: "center" });
    reason.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key;
    if (key === "j" || key === "n") { show(currentIndex() + 1); event.preventDefault(); }
    else if (key === "k" || key === "p") { show(currentIndex() - 1); event.preventDefault(); }
    else if (key === "Enter" && event.target.classList && event.target.classList.contains("finding-mark")) {
      if (openDecision()) { event.preventDefault(); }
    }
  });

  // After a decision (htmx swaps the row), show it on the mark in the text too.
  document.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail && event.detail.target;
    if (!row || !row.getAttribute) { return; }
    var fresh = document.getElementById(row.id) || row;
    var id = fresh.getAttribute("data-finding");
    var decision = fresh.getAttribute("data-decision");
    var mark = id && document.getElementById("f-" + id);
    if (!mark || !decision) { return; }
    mark.classList.remove("undecided", "decided-mask", "decided-not_personal", "decided-publish");
    mark.classList.add("decided", "decided-" + decision);
  });
})();

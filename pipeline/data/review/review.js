// The review page of `transcripts diff DOC --html OUT`: filters and keyboard moves.
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.corr"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#corrections tbody tr"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[type=checkbox]"));
  var minInput = document.getElementById("min-confidence");
  var maxInput = document.getElementById("max-confidence");
  var shown = document.getElementById("shown");

  function checked(name) {
    var set = {};
    boxes.forEach(function (b) { if (b.name === name && b.checked) { set[b.value] = true; } });
    return set;
  }

  function wanted(data, rules, stages, low, high) {
    var c = parseFloat(data.confidence);
    return !!rules[data.rule] && !!stages[data.stage] && c >= low && c <= high;
  }

  function apply() {
    var rules = checked("rule"), stages = checked("stage");
    var low = parseFloat(minInput.value), high = parseFloat(maxInput.value);
    document.getElementById("min-value").textContent = low.toFixed(2);
    document.getElementById("max-value").textContent = high.toFixed(2);
    var count = 0;
    marks.forEach(function (m) {
      var on = wanted(m.dataset, rules, stages, low, high);
      m.classList.toggle("off", !on);
      m.tabIndex = on ? 0 : -1;
      if (on) { count += 1; }
    });
    rows.forEach(function (r) { r.hidden = !wanted(r.dataset, rules, stages, low, high); });
    shown.textContent = "Showing " + count + " of " + marks.length + " corrections";
  }

  function move(step) {
    var on = marks.filter(function (m) { return !m.classList.contains("off"); });
    if (!on.length) { return; }
    var i = on.indexOf(document.activeElement);
    i = i < 0 ? (step > 0 ? 0 : on.length - 1) : (i + step + on.length) % on.length;
    on[i].focus();
    on[i].scrollIntoView({ block: "center" });
  }

  boxes.concat([minInput, maxInput]).forEach(function (el) {
    el.addEventListener("input", apply);
    el.addEventListener("change", apply);
  });
  Array.prototype.slice.call(document.querySelectorAll("button[data-all]")).forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("data-all") === "on";
      boxes.forEach(function (b) { if (b.name === button.getAttribute("data-name")) { b.checked = on; } });
      apply();
    });
  });
  Array.prototype.slice.call(document.querySelectorAll("#corrections a[data-n]")).forEach(function (a) {
    a.addEventListener("click", function (event) {
      var mark = document.getElementById("c" + a.getAttribute("data-n"));
      if (mark && !mark.classList.contains("off")) {
        event.preventDefault();
        mark.focus();
        mark.scrollIntoView({ block: "center" });
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || (t && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName))) { return; }
    if (event.key === "n" || event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "p" || event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "Escape" && document.activeElement) { document.activeElement.blur(); }
  });
  apply();
})();

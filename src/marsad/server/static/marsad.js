/* Marsad dashboard: draws the charts whose data the page carries as JSON.
   No data is ever read from HTML markup: only from <script type="application/json">. */
(function () {
  "use strict";
  var MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];
  var FONT = '"Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", Tahoma, "DejaVu Sans", sans-serif';

  function periodLabel(p) {
    var m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(p || "");
    if (!m) { return p; }
    var month = MONTHS[parseInt(m[2], 10) - 1] || m[2];
    return m[3] ? parseInt(m[3], 10) + " " + month + " " + m[1] : month + " " + m[1];
  }

  function volumeChart(canvas, data) {
    var items = data.items || [];
    var labels = items.map(function (v) { return periodLabel(v.period); });
    var sets = [{
      label: data.label || "كل المقالات",
      data: items.map(function (v) { return v.articles !== undefined ? v.articles : v.count; }),
      backgroundColor: "#0f766e", borderRadius: 3
    }];
    if (items.length && items[0].canonical !== undefined) {
      sets.push({ label: "الفريدة (بلا نسخ مكررة)",
                  data: items.map(function (v) { return v.canonical; }),
                  backgroundColor: "#f59e0b", borderRadius: 3 });
    }
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: sets },
      options: {
        maintainAspectRatio: false, animation: false, locale: "ar-u-nu-latn",
        plugins: {
          legend: { rtl: true, position: "top", labels: { font: { family: FONT } } },
          tooltip: { rtl: true, textDirection: "rtl",
                     titleFont: { family: FONT }, bodyFont: { family: FONT } }
        },
        scales: {
          // time runs right to left, like the page
          x: { reverse: true, ticks: { font: { family: FONT } }, grid: { display: false } },
          y: { position: "right", beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  function init() {
    if (!window.Chart) { return; }
    window.Chart.defaults.font.family = FONT;
    var canvases = document.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var src = document.getElementById(canvas.getAttribute("data-source"));
      if (!src) { return; }
      var data = JSON.parse(src.textContent);
      if (canvas.getAttribute("data-chart") === "volume") { volumeChart(canvas, data); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else { init(); }
}());

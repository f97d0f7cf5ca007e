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

  // Distinguishable on white and for the common colour-vision deficiencies (Okabe-Ito).
  var SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
                        "#000000", "#f0e442"];

  function attentionChart(canvas, data) {
    var metric = canvas.getAttribute("data-metric") === "shares" ? "shares" : "counts";
    var sets = (data.series || []).map(function (s, i) {
      var colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      return { label: s.label, data: s[metric], borderColor: colour, backgroundColor: colour,
               pointRadius: s[metric].length > 60 ? 0 : 2, borderWidth: 2, tension: 0.15 };
    });
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: (data.periods || []).map(periodLabel), datasets: sets },
      options: {
        maintainAspectRatio: false, animation: false, locale: "ar-u-nu-latn",
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { rtl: true, position: "top", labels: { font: { family: FONT } } },
          tooltip: { rtl: true, textDirection: "rtl",
                     titleFont: { family: FONT }, bodyFont: { family: FONT } }
        },
        scales: {
          x: { reverse: true, ticks: { font: { family: FONT }, autoSkip: true, maxRotation: 0 },
               grid: { display: false } },
          y: { position: "right", beginAtZero: true,
               ticks: metric === "counts" ? { precision: 0 } : {} }
        }
      }
    });
  }

  // Node colours follow the entity underlines of the article page; edge colours follow
  // the quad class: greens for cooperation, reds for conflict, darker when material.
  var TYPE_COLOURS = { PER: "#60a5fa", ORG: "#f59e0b", LOC: "#34d399", MISC: "#a78bfa" };
  var QUAD_COLOURS = { 1: "#86c99a", 2: "#15803d", 3: "#f08a8a", 4: "#b91c1c" };

  // Cytoscape injects a <style> element (".__________cytoscape_container { position:
  // relative }") unless an element with this id exists; the CSP rightly blocks inline
  // styles, and marsad.css already gives .graph-box that rule, so a marker stands in.
  var CY_STYLE_ID = "__________cytoscape_stylesheet";
  // Nodes named on the canvas without hovering: the most mentioned ones.
  var DESKTOP_LABELS = 15;
  var PHONE_LABELS = 6;
  var PHONE_WIDTH = 600;

  function actorGraph(box, data) {
    if (!document.getElementById(CY_STYLE_ID)) {
      var marker = document.createElement("meta");
      marker.id = CY_STYLE_ID;
      document.head.appendChild(marker);
    }
    var maxMentions = 1;
    data.nodes.forEach(function (n) { maxMentions = Math.max(maxMentions, n.mentions || 1); });
    // Labels on the most mentioned nodes only (the rest on hover or tap): every label at
    // once overlapped into an unreadable block at desktop and phone widths (issue 16).
    var phone = box.clientWidth < PHONE_WIDTH;
    var labelled = phone ? PHONE_LABELS : DESKTOP_LABELS;
    var ranked = data.nodes.slice().sort(function (a, b) {
      return (b.mentions || 0) - (a.mentions || 0) || a.id - b.id; });
    var top = {};
    ranked.slice(0, labelled).forEach(function (n) { top[n.id] = true; });
    var elements = data.nodes.map(function (n) {
      return { data: { id: "n" + n.id, entity: n.id, label: n.name, top: top[n.id] ? 1 : 0,
                       colour: TYPE_COLOURS[n.type] || "#9ca3af",
                       size: (phone ? 16 : 22) + 26 * Math.sqrt((n.mentions || 1) / maxMentions) } };
    }).concat(data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: "n" + e.source, target: "n" + e.target,
                       colour: QUAD_COLOURS[e.quad] || "#9ca3af",
                       width: Math.min(10, 1.5 + 1.5 * Math.log2(e.count || 1)),
                       arrow: e.mutual ? "none" : "triangle" } };
    }));
    var cy = window.cytoscape({
      container: box, elements: elements,
      minZoom: 0.3, maxZoom: 3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
          "label": "", "font-family": FONT, "font-size": phone ? 11 : 13, "color": "#1f2933",
          "text-valign": "bottom", "text-margin-y": 4, "text-background-color": "#ffffff",
          "text-background-opacity": 0.85, "text-background-padding": 1 } },
        { selector: "node[top = 1], node.hover, node:selected", style: {
          "label": "data(label)", "z-index": 10 } },
        { selector: "edge", style: {
          "line-color": "data(colour)", "width": "data(width)", "curve-style": "bezier",
          "target-arrow-shape": "data(arrow)", "target-arrow-color": "data(colour)",
          "opacity": 0.85 } },
        { selector: "node:active, node:selected", style: { "border-width": 3,
                                                           "border-color": "#0b3b3a" } }
      ],
      // a circle ordered by mentions, then a force layout from there: the same data
      // always gives the same picture (a force layout alone starts at random)
      layout: { name: "circle", animate: false, padding: 24,
                sort: function (a, b) { return b.data("size") - a.data("size"); } }
    });
    if (data.nodes.length > 3) {
      cy.layout({ name: "cose", randomize: false, animate: false, padding: phone ? 8 : 24,
                  nodeRepulsion: function () { return phone ? 60000 : 120000; },
                  idealEdgeLength: function () { return phone ? 55 : 90; } }).run();
    }
    cy.on("tap", "node", function (evt) {
      window.location.href = "/entity/" + encodeURIComponent(evt.target.data("entity"));
    });
    cy.on("mouseover", "node", function (evt) {
      box.style.cursor = "pointer";
      evt.target.addClass("hover");
    });
    cy.on("mouseout", "node", function (evt) {
      box.style.cursor = "";
      evt.target.removeClass("hover");
    });
    box.setAttribute("data-nodes", String(cy.nodes().length));
    box.setAttribute("data-labelled", String(cy.nodes("[top = 1]").length));
    box.setAttribute("data-edges", String(cy.edges().length));
    return cy;
  }

  function init() {
    if (window.Chart) {
      window.Chart.defaults.font.family = FONT;
      var canvases = document.querySelectorAll("canvas[data-chart]");
      Array.prototype.forEach.call(canvases, function (canvas) {
        var src = document.getElementById(canvas.getAttribute("data-source"));
        if (!src) { return; }
        var data = JSON.parse(src.textContent);
        var kind = canvas.getAttribute("data-chart");
        if (kind === "volume") { volumeChart(canvas, data); }
        if (kind === "attention") { attentionChart(canvas, data); }
      });
    }
    if (window.cytoscape) {
      var boxes = document.querySelectorAll("[data-graph]");
      Array.prototype.forEach.call(boxes, function (box) {
        var src = document.getElementById(box.getAttribute("data-graph"));
        if (src) { actorGraph(box, JSON.parse(src.textContent)); }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else { init(); }
}());

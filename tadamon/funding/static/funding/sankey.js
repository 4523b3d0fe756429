// The funding page's Sankey chart: sources → regions → outcomes (data from the page).
(function () {
  "use strict";
  var holder = document.getElementById("funding-sankey");
  var data = JSON.parse(document.getElementById("funding-sankey-data").textContent);
  if (!holder || !window.echarts || !data.links.length) {
    if (holder) holder.style.display = "none";
    return;
  }
  var french = document.documentElement.lang === "fr";
  var format = function (value) {
    return Math.round(value).toLocaleString(french ? "fr-FR" : "en-US") + (french ? " MAD" : " درهم");
  };
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    animation: false, // drawn at once: a screenshot, a print or a slow phone sees it whole
    tooltip: { trigger: "item", valueFormatter: format },
    series: [{
      type: "sankey",
      data: data.nodes,
      links: data.links,
      orient: "horizontal",
      left: "2%",
      right: "22%",
      nodeAlign: "justify",
      emphasis: { focus: "adjacency" },
      lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.35 },
      // ECharts lays a Sankey out left to right only; mirroring the canvas for Arabic
      // would mirror its letters too, so the flow reads left to right in both languages.
      label: { position: "right", fontSize: 12, lineHeight: 17, width: 190, overflow: "break" },
      layoutIterations: 32
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

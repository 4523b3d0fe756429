/* The social-risk page's two charts, drawn with ECharts from the figures the page
   embeds (#risk-data): a choropleth of the vulnerability index by province, and
   the index against SSE coverage with the underserved corner shaded. The same
   figures are in the page's table, for readers without JavaScript. */
(function () {
  "use strict";
  var source = document.getElementById("risk-data");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var script = document.currentScript || document.querySelector("script[data-provinces]");
  var font = getComputedStyle(document.body).fontFamily;
  var rtl = document.documentElement.dir === "rtl";
  var labels = data.labels;
  var drawn = [];

  function format(value, digits) {
    return value === null || value === undefined ? "—" : Number(value).toFixed(digits);
  }

  function openProvince(code) {
    window.location = script.dataset.territoryUrl + encodeURIComponent(code) + "/";
  }

  function drawMap(box) {
    var values = data.provinces.map(function (p) { return p.index; });
    fetch(script.dataset.provinces).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("risk-provinces", geo);
      var chart = echarts.init(box, null, { renderer: "svg" });
      chart.setOption({
        textStyle: { fontFamily: font },
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            if (!p.data) return "";
            return p.data.label + "<br>" + labels.index + ": " + format(p.data.value, 2) +
              "<br>" + labels.rank + ": " + p.data.rank +
              "<br>" + labels.coverage + ": " + format(p.data.coverage, 2);
          }
        },
        visualMap: {
          min: Math.min.apply(null, values), max: Math.max.apply(null, values),
          calculable: true, precision: 1, orient: "vertical",
          left: rtl ? "auto" : 10, right: rtl ? 10 : "auto", bottom: 10,
          inRange: { color: ["#fdf3e1", "#f0a35e", "#9b2c1f"] }
        },
        series: [{
          type: "map", map: "risk-provinces", nameProperty: "code", roam: true,
          selectedMode: false, label: { show: false },
          itemStyle: { borderColor: "#6b7f74", borderWidth: 0.5, areaColor: "#e9ecef" },
          emphasis: { label: { show: false }, itemStyle: { areaColor: "#3b82c4" } },
          data: data.provinces.map(function (p) {
            return { name: p.code, value: p.index, rank: p.rank, coverage: p.coverage, label: p.name };
          })
        }]
      });
      chart.on("click", function (p) { if (p.data) openProvince(p.data.name); });
      drawn.push(chart);
    });
  }

  function point(p) {
    return { value: [p.coverage, p.index], code: p.code, label: p.name, rank: p.rank, robustness: p.robustness };
  }

  function drawScatter(box) {
    var known = data.provinces.filter(function (p) { return p.coverage !== null; });
    var cut = data.cutoffs;
    var corner = [];
    if (cut.coverage !== null && cut.index !== null) {
      // from no coverage up to the cutoff, from the cutoff up to the highest index
      var top = Math.max.apply(null, known.map(function (p) { return p.index; }));
      corner = [[{ xAxis: 0, yAxis: cut.index, name: labels.quadrant }, { xAxis: cut.coverage, yAxis: top }]];
    }
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      textStyle: { fontFamily: font },
      color: ["#9b2c1f", "#6b7f74"],
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 36, bottom: 48, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          if (!p.data || !p.data.code) return p.name || "";
          return p.data.label + "<br>" + labels.index + ": " + format(p.data.value[1], 2) +
            " (" + labels.rank + " " + p.data.rank + ")<br>" + labels.coverage + ": " + format(p.data.value[0], 2);
        }
      },
      xAxis: { type: "value", name: labels.coverage, nameLocation: "middle", nameGap: 28, scale: true },
      yAxis: { type: "value", name: labels.index, scale: true },
      series: [
        {
          type: "scatter", name: labels.underserved, symbolSize: 11,
          data: known.filter(function (p) { return p.underserved; }).map(point),
          markArea: { silent: true, itemStyle: { color: "rgba(240, 180, 41, 0.18)" }, label: { show: true, position: "insideTop", color: "#7a5a00" }, data: corner }
        },
        {
          type: "scatter", name: labels.others, symbolSize: 8,
          data: known.filter(function (p) { return !p.underserved; }).map(point)
        }
      ]
    });
    chart.on("click", function (p) { if (p.data && p.data.code) openProvince(p.data.code); });
    drawn.push(chart);
  }

  var map = document.getElementById("risk-map");
  var scatter = document.getElementById("risk-scatter");
  if (map) drawMap(map);
  if (scatter) drawScatter(scatter);
  window.addEventListener("resize", function () {
    drawn.forEach(function (c) { c.resize(); });
  });
})();

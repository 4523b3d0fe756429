/* The observatory's charts, drawn with ECharts from the figures the page embeds
   (#observatory-charts): lines over years, bars by legal form or sector, the
   targets' trajectories and a choropleth of the territory's parts. The same
   figures are in each chart's table, for readers without JavaScript. */
(function () {
  "use strict";
  var source = document.getElementById("observatory-charts");
  if (!source) return;
  var charts = JSON.parse(source.textContent);
  var script = document.currentScript || document.querySelector("script[data-regions]");
  var font = getComputedStyle(document.body).fontFamily;
  var rtl = document.documentElement.dir === "rtl";
  var palette = ["#0f6b4f", "#f0b429", "#3b82c4", "#b5446e", "#6b7f74", "#8a5cf6"];
  var drawn = [];

  function base() {
    return {
      color: palette,
      textStyle: { fontFamily: font },
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 56, right: 24, top: 36, bottom: 48, containLabel: true }
    };
  }

  function line(chart) {
    var option = base();
    option.xAxis = { type: "category", data: chart.categories, inverse: rtl };
    option.yAxis = { type: "value", position: rtl ? "right" : "left", scale: true };
    option.series = chart.series.map(function (s) {
      return { type: "line", name: s.name, data: s.data, connectNulls: false, symbolSize: 6 };
    });
    return option;
  }

  function bar(chart) {
    var option = base();
    option.legend = { show: false };
    option.grid.left = 12; option.grid.right = 16;
    option.yAxis = {
      type: "category", data: chart.categories.slice().reverse(), position: rtl ? "right" : "left",
      axisLabel: { width: 130, overflow: "truncate" }
    };
    option.xAxis = { type: "value", inverse: rtl };
    option.series = chart.series.map(function (s) {
      return { type: "bar", name: s.name, data: s.data.slice().reverse(), barMaxWidth: 18 };
    });
    return option;
  }

  function target(chart) {
    var option = line(chart);
    option.yAxis.scale = false;
    option.series = chart.series.map(function (s, i) {
      var styles = [
        { type: "line", symbolSize: 7 },
        { type: "line", lineStyle: { type: "dashed" }, showSymbol: false },
        { type: "line", lineStyle: { type: "dotted" }, showSymbol: false },
        { type: "scatter", symbol: "diamond", symbolSize: 14 }
      ];
      var style = styles[i] || styles[0];
      style.name = s.name;
      style.data = s.data;
      style.connectNulls = true;
      return style;
    });
    return option;
  }

  function map(chart, box) {
    var level = box.dataset.level;
    var url = level === "province" ? script.dataset.provinces : script.dataset.regions;
    var serie = chart.series[0];
    var values = serie.data.filter(function (v) { return v !== null; });
    fetch(url).then(function (r) { return r.json(); }).then(function (geo) {
      var wanted = {};
      serie.territories.forEach(function (code) { wanted[code] = true; });
      var shown = { type: "FeatureCollection", features: geo.features.filter(function (f) {
        return wanted[f.properties.code];
      }) };
      echarts.registerMap("parts-" + level, shown);
      var instance = echarts.init(box, null, { renderer: "svg" });
      instance.setOption({
        textStyle: { fontFamily: font },
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            if (!p.data) return "";
            return p.data.label + "<br>" + (p.data.value === null ? "—" : p.data.value);
          }
        },
        visualMap: {
          min: values.length ? Math.min.apply(null, values) : 0,
          max: values.length ? Math.max.apply(null, values) : 1,
          calculable: true, precision: 2, orient: "vertical",
          left: rtl ? "auto" : 10, right: rtl ? 10 : "auto", bottom: 10,
          inRange: { color: ["#f1f7f3", "#7fbf9f", "#0f6b4f"] }
        },
        series: [{
          type: "map", map: "parts-" + level, nameProperty: "code", roam: true,
          selectedMode: false, label: { show: false },
          itemStyle: { borderColor: "#6b7f74", borderWidth: 0.5, areaColor: "#e9ecef" },
          emphasis: { label: { show: false }, itemStyle: { areaColor: "#f0b429" } },
          data: serie.territories.map(function (code, i) {
            return { name: code, value: serie.data[i], label: chart.categories[i] };
          })
        }]
      });
      instance.on("click", function (p) {
        if (p.data) window.location = script.dataset.territoryUrl + encodeURIComponent(p.data.name) + "/" + window.location.search;
      });
      drawn.push(instance);
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var chart = charts[box.dataset.chart];
    if (!chart) return;
    if (chart.kind === "map") { map(chart, box); return; }
    var option = chart.kind === "bar" ? bar(chart) : chart.kind === "target" ? target(chart) : line(chart);
    var instance = echarts.init(box, null, { renderer: "svg" });
    instance.setOption(option);
    drawn.push(instance);
  });
  window.addEventListener("resize", function () {
    drawn.forEach(function (c) { c.resize(); });
  });
})();

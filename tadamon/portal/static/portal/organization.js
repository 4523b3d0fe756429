/* Charts draw in a dir="ltr" box: ECharts lays out legends left to right and an
   inherited right-to-left direction made Arabic labels overlap their symbols.
   The organization page's chart of yearly figures and its location map. */
(function () {
  "use strict";
  var rtl = document.documentElement.dir === "rtl";
  var font = getComputedStyle(document.body).fontFamily;

  function drawChart() {
    var box = document.getElementById("figures-chart");
    var data = JSON.parse(document.getElementById("chart-data").textContent);
    if (!box || !data.years.length) return;
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      textStyle: { fontFamily: font },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, itemGap: 16, textStyle: { fontFamily: font } },
      grid: { top: 20, left: 50, right: 50, bottom: 70, containLabel: false },
      xAxis: { type: "category", data: data.years, inverse: rtl },
      yAxis: { type: "value", position: rtl ? "right" : "left" },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.values, connectNulls: false, symbolSize: 7 };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawMap() {
    var box = document.getElementById("location-map");
    var place = JSON.parse(document.getElementById("place-data").textContent);
    if (!box || !place.province) return;
    var script = document.querySelector("script[data-provinces]");
    fetch(script.dataset.provinces).then(function (r) { return r.json(); }).then(function (geo) {
      var region = {
        type: "FeatureCollection",
        features: geo.features.filter(function (f) { return f.properties.region_code === place.region; })
      };
      echarts.registerMap("region-" + place.region, region);
      var chart = echarts.init(box, null, { renderer: "svg" });
      chart.setOption({
        textStyle: { fontFamily: font },
        series: [{
          type: "map", map: "region-" + place.region, nameProperty: "code",
          roam: false, selectedMode: false, label: { show: false },
          itemStyle: { areaColor: "#e8efe9", borderColor: "#8aa597" },
          emphasis: { disabled: true },
          data: [{ name: place.province, itemStyle: { areaColor: "#0f6b4f" } }]
        }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  drawChart();
  drawMap();
})();

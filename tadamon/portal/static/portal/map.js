/* The choropleth of the map page: organizations per 10,000 inhabitants; a click
   opens the directory filtered to that territory. */
(function () {
  "use strict";
  var box = document.getElementById("territory-map");
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var script = document.querySelector("script[data-regions]");
  var url = data.level === "province" ? script.dataset.provinces : script.dataset.regions;
  var values = data.items.map(function (i) { return i.value; });
  var font = getComputedStyle(document.body).fontFamily;
  var rtl = document.documentElement.dir === "rtl";

  fetch(url).then(function (r) { return r.json(); }).then(function (geo) {
    echarts.registerMap(data.level, geo);
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      textStyle: { fontFamily: font },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          if (!p.data) return "";
          return p.data.label + "<br>" + p.data.value.toFixed(2) + " · " + p.data.count;
        }
      },
      visualMap: {
        min: Math.min.apply(null, values), max: Math.max.apply(null, values) || 1,
        calculable: true, precision: 2, orient: "vertical",
        left: rtl ? "auto" : 30, right: rtl ? 30 : "auto", bottom: 20,
        inRange: { color: ["#f1f7f3", "#7fbf9f", "#0f6b4f"] }
      },
      series: [{
        type: "map", map: data.level, nameProperty: "code", roam: true,
        selectedMode: false, label: { show: false },
        itemStyle: { borderColor: "#6b7f74", borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#f0b429" } },
        data: data.items.map(function (i) {
          return { name: i.code, value: i.value, count: i.count, label: i.name };
        })
      }]
    });
    chart.on("click", function (p) {
      if (p.data) window.location = data.directory + "?" + data.filter + "=" + encodeURIComponent(p.data.name);
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();

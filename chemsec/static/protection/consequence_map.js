/* The consequence estimate's map with tiles (Leaflet), when the deployment configured a
   tile server (CHEMSEC_MAP_TILES). Without it, or without script, the server-drawn SVG
   stays: it needs neither. The map keeps its geometry in every language (north up, east
   right); only its labels follow the page's language. */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("oca-map");
    var data = document.getElementById("oca-map-data");
    if (!box || !data || typeof L === "undefined") return;
    var config = JSON.parse(data.textContent);
    if (!config.tiles || !config.geojson) return;
    box.hidden = false;
    box.setAttribute("dir", "ltr");
    var map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(config.tiles, {
      maxZoom: 19,
      attribution: box.getAttribute("data-attribution") || ""
    }).addTo(map);
    var styles = {
      "threat-zone": { color: "#b3261e", weight: 2, fillOpacity: 0.25 },
      "oca-circle": { color: "#1d4e89", weight: 2, dashArray: "8 4", fill: false },
      "model-circle": { color: "#5f6b76", weight: 2, dashArray: "2 3", fill: false },
      "footprint": { color: "#8a4b00", weight: 2, fillOpacity: 0.3 }
    };
    var layer = L.geoJSON(config.geojson, {
      style: function (feature) {
        return styles[feature.properties.kind] || { color: "#000", weight: 1 };
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 5, color: "#000", fillOpacity: 1 });
      },
      onEachFeature: function (feature, shape) {
        var name = feature.properties.name;
        if (name) shape.bindTooltip(String(name));
      }
    }).addTo(map);
    L.control.scale({ metric: true, imperial: true }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16] });
    var fallback = document.getElementById("oca-map-fallback");
    if (fallback) fallback.classList.add("protection-map-print-only");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

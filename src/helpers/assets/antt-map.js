/* ANTT Workbook map runtime (own code). Every text from the data is put in the page with
   textContent, never as HTML, so a commune name can never run as script. */
var ANTT = (function () {
  "use strict";

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function styleFor(statuses, code) {
    var s = statuses[code] || statuses.no_data;
    return {
      fillColor: s.colour, fillOpacity: 0.85, color: s.outline, weight: 0.6,
      opacity: 1, dashArray: s.dashed ? "3 3" : null
    };
  }

  function info(props, statuses, field) {
    var box = el("div", "antt-tip");
    box.appendChild(el("div", "antt-tip-name", props.name));
    if (props.district) { box.appendChild(el("div", "antt-tip-district", props.district)); }
    var code = props[field];
    var s = statuses[code] || statuses.no_data;
    var line = el("div", "antt-tip-status");
    var sw = el("span", "antt-swatch");
    sw.style.background = s.colour;
    sw.style.borderColor = s.outline;
    line.appendChild(sw);
    line.appendChild(document.createTextNode(" " + s.label));
    box.appendChild(line);
    var failing = props.failing || [];
    if (failing.length) {
      box.appendChild(el("div", "antt-tip-head", props.failing_head || "Điều kiện chưa đạt:"));
      var ul = el("ul", "antt-tip-list");
      failing.forEach(function (f) { ul.appendChild(el("li", null, f)); });
      box.appendChild(ul);
    }
    if (props.crime_cases !== undefined && props.crime_cases !== null) {
      box.appendChild(el("div", "antt-tip-crime", "Số vụ phạm tội về TTXH: " + props.crime_cases));
    }
    return box;
  }

  function communeLayer(data, statuses, field) {
    return L.geoJSON(data, {
      style: function (f) { return styleFor(statuses, f.properties[field]); },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(function () { return info(f.properties, statuses, field); },
                          { sticky: true, direction: "top", opacity: 0.95 });
        layer.on("mouseover", function () { layer.setStyle({ weight: 2.5 }); });
        layer.on("mouseout", function () { layer.setStyle({ weight: 0.6 }); });
      }
    });
  }

  function outlineLayer(data, colour, weight) {
    return L.geoJSON(data, {
      interactive: false,
      style: function () { return { fill: false, color: colour, weight: weight, opacity: 0.9 }; }
    });
  }

  function districtNames(data) {
    var group = L.layerGroup();
    (data.features || []).forEach(function (f) {
      var p = f.properties;
      if (p.label_lat === undefined) { return; }
      var icon = L.divIcon({ className: "antt-district-name", html: "", iconSize: null });
      var marker = L.marker([p.label_lat, p.label_lon], { icon: icon, interactive: false, keyboard: false });
      marker.on("add", function () {
        var node = marker.getElement();
        if (node && !node.firstChild) { node.appendChild(el("span", null, p.name)); }
      });
      group.addLayer(marker);
    });
    return group;
  }

  function legend(map, statuses, order, title, notices) {
    var ctl = L.control({ position: "bottomright" });
    ctl.onAdd = function () {
      var box = el("div", "antt-legend");
      box.appendChild(el("div", "antt-legend-title", title));
      order.forEach(function (code) {
        var s = statuses[code];
        var row = el("div", "antt-legend-row");
        var sw = el("span", "antt-swatch");
        sw.style.background = s.colour;
        sw.style.borderColor = s.outline;
        if (s.dashed) { sw.style.borderStyle = "dashed"; }
        row.appendChild(sw);
        row.appendChild(el("span", null, s.label + (s.count !== undefined ? " (" + s.count + ")" : "")));
        box.appendChild(row);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    ctl.addTo(map);
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    var head = L.control({ position: "topleft" });
    head.onAdd = function () {
      var box = el("div", "antt-head");
      (notices || []).forEach(function (n) { box.appendChild(el("div", "antt-notice", n)); });
      return box;
    };
    head.addTo(map);
  }

  return { read: read, communeLayer: communeLayer, outlineLayer: outlineLayer,
           districtNames: districtNames, legend: legend, styleFor: styleFor, info: info };
})();

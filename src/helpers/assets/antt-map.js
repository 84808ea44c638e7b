/* ANTT Workbook map runtime (own code, no dependencies beyond Leaflet).
   Every text from the data is put in the page with textContent, never as HTML, so a commune
   name or a note can never run as script. */
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

  /* Search key: lower case, no diacritics, đ → d (as helpers.names.fold). */
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐÐð]/g, "d").toLowerCase().replace(/[\s\-–_]+/g, " ").trim();
  }

  function swatch(c) {
    var sw = el("span", "antt-swatch");
    sw.style.background = c.colour;
    sw.style.borderColor = c.outline;
    if (c.dashed) { sw.style.borderStyle = "dashed"; }
    return sw;
  }

  /* The class of a feature in a view and year: a key of cfg.classes. */
  function classOf(props, view, year) {
    var y = (props.years || {})[year];
    if (!y) { return "no_data"; }
    if (y.c) { return y.c[view] || "no_data"; }  /* classes computed in advance (maps of shares) */
    if (view === "status") { return y.s; }
    if (y.s === "not_applicable") { return "not_applicable"; }
    var v = null;
    if (view === "basic") { v = y.b; }
    else if (view === "advanced") { v = y.a; }
    else if (view.indexOf("sc:") === 0) { v = (y.sc || {})[view.slice(3)]; }
    if (v === true) { return "pass"; }
    if (v === false) { return "fail"; }
    return "no_data";
  }

  function styleOf(cls, classes) {
    var c = classes[cls] || classes.no_data;
    return { fillColor: c.colour, fillOpacity: 0.85, color: c.outline, weight: 0.6, opacity: 1,
             dashArray: c.dashed ? "3 3" : null };
  }

  function tooltip(props, state, cfg) {
    var y = (props.years || {})[state.year] || {};
    var box = el("div", "antt-tip");
    box.appendChild(el("div", "antt-tip-name", props.name));
    if (props.district) { box.appendChild(el("div", "antt-tip-district", props.district)); }
    box.appendChild(el("div", "antt-tip-year", "Năm " + state.year));
    if (y.t) {  /* a unit described by lines of text (maps of shares) */
      var cls = cfg.classes[classOf(props, state.view, state.year)];
      var cline = el("div", "antt-tip-view");
      cline.appendChild(swatch(cls));
      cline.appendChild(document.createTextNode(" " + state.viewLabel + ": " + cls.label));
      box.appendChild(cline);
      (y.t || []).forEach(function (t) { box.appendChild(el("div", "antt-tip-line", t)); });
      if (props.href) { box.appendChild(el("div", "antt-tip-note", cfg.link_hint || "")); }
      return box;
    }
    var status = cfg.classes[y.s || "no_data"] || cfg.classes.no_data;
    var line = el("div", "antt-tip-status");
    line.appendChild(swatch(status));
    line.appendChild(document.createTextNode(" " + status.label));
    box.appendChild(line);
    if (state.view !== "status") {
      var c = cfg.classes[classOf(props, state.view, state.year)];
      var vline = el("div", "antt-tip-view");
      vline.appendChild(swatch(c));
      vline.appendChild(document.createTextNode(" " + state.viewLabel + ": " + c.label));
      box.appendChild(vline);
    }
    var failing = y.f || [];
    if (failing.length) {
      box.appendChild(el("div", "antt-tip-head", cfg.failing_heads[y.s] || "Điều kiện chưa đạt:"));
      var ul = el("ul", "antt-tip-list");
      failing.forEach(function (f) { ul.appendChild(el("li", null, cfg.sub_labels[f] || f)); });
      box.appendChild(ul);
    }
    if (y.k !== undefined && y.k !== null) {
      box.appendChild(el("div", "antt-tip-crime", "Số vụ phạm tội về TTXH: " + y.k));
    }
    if (y.n) { box.appendChild(el("div", "antt-tip-note", "Ghi chú: " + y.n)); }
    return box;
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
      if (p.label_lat === undefined || p.label_lat === null) { return; }
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

  /* The commune layer with its controls: view (indicator or sub-condition), year, legend,
     search, fullscreen, notices. Returns the Leaflet layer. */
  function atlas(map, data, cfg) {
    var state = { view: cfg.views[0].id, viewLabel: cfg.views[0].label, year: String(cfg.year) };
    var layer = L.geoJSON(data, {
      style: function (f) { return styleOf(classOf(f.properties, state.view, state.year), cfg.classes); },
      onEachFeature: function (f, lyr) {
        lyr.feature = f;
        lyr.bindTooltip(function () { return tooltip(f.properties, state, cfg); },
                        { sticky: true, direction: "top", opacity: 0.96 });
        if (f.properties.href) {
          /* a link to the unit's own report: relative, opened in the top window (also from a report's frame) */
          var a = el("a", "antt-open-report", (cfg.link_label || "Mở báo cáo") + ": " + f.properties.name);
          a.href = f.properties.href;
          a.target = "_top";
          lyr.bindPopup(a);
        }
        lyr.on("mouseover", function () { lyr.setStyle({ weight: 2.5 }); });
        lyr.on("mouseout", function () { lyr.setStyle({ weight: 0.6 }); });
      }
    });
    layer.addTo(map);

    var legendBody = el("div", "antt-legend-body");
    var legendTitle = el("div", "antt-legend-title");
    function redraw() {
      layer.setStyle(function (f) { return styleOf(classOf(f.properties, state.view, state.year), cfg.classes); });
      var counts = {};
      data.features.forEach(function (f) {
        var c = classOf(f.properties, state.view, state.year);
        counts[c] = (counts[c] || 0) + 1;
      });
      var view = cfg.views.filter(function (v) { return v.id === state.view; })[0];
      legendTitle.textContent = view.label + " — năm " + state.year;
      legendBody.textContent = "";
      view.classes.forEach(function (code) {
        var c = cfg.classes[code];
        var row = el("div", "antt-legend-row");
        row.appendChild(swatch(c));
        row.appendChild(el("span", null, c.label + " (" + (counts[code] || 0) + ")"));
        legendBody.appendChild(row);
      });
    }

    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = el("div", "antt-legend");
      box.appendChild(legendTitle);
      box.appendChild(legendBody);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);

    var panel = L.control({ position: "topright" });
    panel.onAdd = function () {
      var box = el("div", "antt-panel");
      var yl = el("label", "antt-field");
      yl.appendChild(el("span", null, "Năm "));
      var ysel = el("select", "antt-year");
      ysel.setAttribute("aria-label", "Chọn năm");
      cfg.years.forEach(function (y) {
        var o = el("option", null, y);
        o.value = String(y);
        if (String(y) === state.year) { o.selected = true; }
        ysel.appendChild(o);
      });
      ysel.addEventListener("change", function () { state.year = ysel.value; redraw(); });
      yl.appendChild(ysel);
      box.appendChild(yl);
      var det = el("details", "antt-views-box");
      var sum = el("summary", null, "Lớp hiển thị: " + state.viewLabel);
      det.appendChild(sum);
      var fs = el("fieldset", "antt-views");
      cfg.views.forEach(function (v, i) {
        var lab = el("label", "antt-view");
        var r = el("input");
        r.type = "radio";
        r.name = "antt-view";
        r.value = v.id;
        r.checked = i === 0;
        r.addEventListener("change", function () {
          state.view = v.id; state.viewLabel = v.label; sum.textContent = "Lớp hiển thị: " + v.label; redraw();
        });
        lab.appendChild(r);
        lab.appendChild(el("span", null, " " + v.label));
        fs.appendChild(lab);
      });
      det.appendChild(fs);
      box.appendChild(det);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    panel.addTo(map);

    var search = L.control({ position: "topleft" });
    search.onAdd = function () {
      var box = el("div", "antt-search");
      var input = el("input");
      input.type = "search";
      input.placeholder = cfg.search_placeholder || "Tìm xã, phường, thị trấn…";
      input.setAttribute("aria-label", cfg.search_label || "Tìm xã theo tên");
      var list = el("ul", "antt-search-results");
      box.appendChild(input);
      box.appendChild(list);
      var index = [];
      layer.eachLayer(function (l) {
        var p = l.feature.properties;
        index.push({ key: fold(p.name) + " " + fold(p.district), layer: l, p: p });
      });
      input.addEventListener("input", function () {
        list.textContent = "";
        var q = fold(input.value);
        if (q.length < 2) { return; }
        index.filter(function (e) { return e.key.indexOf(q) >= 0; }).slice(0, 8).forEach(function (e) {
          var li = el("li");
          var b = el("button", "antt-search-hit", e.p.name + (e.p.district ? " — " + e.p.district : ""));
          b.type = "button";
          b.addEventListener("click", function () {
            map.fitBounds(e.layer.getBounds(), { maxZoom: 12 });
            e.layer.openTooltip(e.layer.getBounds().getCenter());
            e.layer.setStyle({ weight: 3 });
            list.textContent = "";
          });
          li.appendChild(b);
          list.appendChild(li);
        });
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    search.addTo(map);

    var full = L.control({ position: "topleft" });
    full.onAdd = function () {
      var b = el("button", "antt-fullscreen");
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", "0 0 16 16");
      svg.setAttribute("width", "16");
      svg.setAttribute("height", "16");
      var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", "M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5");
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "#333");
      path.setAttribute("stroke-width", "2");
      svg.appendChild(path);
      b.appendChild(svg);
      b.type = "button";
      b.title = "Toàn màn hình";
      b.setAttribute("aria-label", "Toàn màn hình");
      b.addEventListener("click", function () {
        var c = map.getContainer();
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (c.requestFullscreen) { c.requestFullscreen(); }
      });
      L.DomEvent.disableClickPropagation(b);
      return b;
    };
    full.addTo(map);
    document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });

    var head = L.control({ position: "topleft" });
    head.onAdd = function () {
      var box = el("div", "antt-head");
      (cfg.notices || []).forEach(function (n) { box.appendChild(el("div", "antt-notice", n)); });
      return box;
    };
    head.addTo(map);
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);

    redraw();
    return layer;
  }

  return { read: read, atlas: atlas, outlineLayer: outlineLayer, districtNames: districtNames,
           classOf: classOf, fold: fold };
})();

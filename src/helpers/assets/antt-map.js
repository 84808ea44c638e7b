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

  /* A count as a Vietnamese reader writes it, a dot between thousands (as helpers.formats.number). */
  function grouped(n, thousands) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
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

  /* Names that change with the criteria set of the year shown (cfg.year_texts). */
  function classLabel(cfg, year, code) {
    var t = (cfg.year_texts || {})[year];
    return (t && t.classes && t.classes[code]) || (cfg.classes[code] || cfg.classes.no_data).label;
  }

  function viewLabel(cfg, state) {
    var t = (cfg.year_texts || {})[state.year];
    return (t && t.views && t.views[state.view]) || state.viewLabel;
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
    line.appendChild(document.createTextNode(" " + classLabel(cfg, state.year, y.s || "no_data")));
    box.appendChild(line);
    if (state.view !== "status") {
      var code = classOf(props, state.view, state.year);
      var vline = el("div", "antt-tip-view");
      vline.appendChild(swatch(cfg.classes[code]));
      vline.appendChild(document.createTextNode(" " + viewLabel(cfg, state) + ": " + classLabel(cfg, state.year, code)));
      box.appendChild(vline);
    }
    if (y.g) { box.appendChild(el("div", "antt-tip-group", "Nhóm xã: " + y.g)); }
    var failing = y.f || [];
    if (failing.length) {
      var texts = (cfg.year_texts || {})[state.year] || {};
      box.appendChild(el("div", "antt-tip-head", (texts.heads || cfg.failing_heads)[y.s] || "Điều kiện chưa đạt:"));
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

  /* Labels of districts (or provinces), each shown only where it fits: inside the unit's extent
     on screen, clear of the labels placed before it (larger units first), of the map's controls
     and of the map's edge; a label that does not fit is tried in a smaller type, then hidden.
     Placed again at every zoom and resize. */
  function districtNames(data) {
    var group = L.layerGroup();
    var items = [];
    (data.features || []).forEach(function (f) {
      var p = f.properties;
      if (p.label_lat === undefined || p.label_lat === null) { return; }
      var icon = L.divIcon({ className: "antt-district-name", html: "", iconSize: null });
      var marker = L.marker([p.label_lat, p.label_lon], { icon: icon, interactive: false, keyboard: false });
      marker.on("add", function () {
        var node = marker.getElement();
        if (node && !node.firstChild) { node.appendChild(el("span", null, p.name)); }
      });
      items.push({ marker: marker, p: p });
      group.addLayer(marker);
    });
    items.sort(function (a, b) { return (b.p.label_rank || 0) - (a.p.label_rank || 0); });
    group.antt_items = items;
    group.on("add", function () {
      var map = group._map;
      if (!map) { return; }
      var again = function () { declutter(map, items); };
      map.on("zoomend moveend resize", again);
      group.on("remove", function () { map.off("zoomend moveend resize", again); });
      setTimeout(again, 0);
    });
    return group;
  }

  function overlaps(a, b, pad) {
    return a.left < b.right + pad && b.left < a.right + pad && a.top < b.bottom + pad && b.top < a.bottom + pad;
  }

  /* A name that must be shown (an archipelago's) is moved back inside the map if it overflows. */
  function keepInside(map) {
    var box = map.getContainer().getBoundingClientRect();
    [].slice.call(map.getContainer().querySelectorAll(".antt-territory-label span")).forEach(function (span) {
      span.style.marginLeft = "0px";
      var r = span.getBoundingClientRect();
      if (r.width === 0) { return; }
      var shift = r.right > box.right - 4 ? box.right - 4 - r.right : (r.left < box.left + 4 ? box.left + 4 - r.left : 0);
      span.style.marginLeft = shift + "px";
    });
  }

  function declutter(map, items) {
    keepInside(map);
    var box = map.getContainer().getBoundingClientRect();
    var taken = [].slice.call(map.getContainer().querySelectorAll(".leaflet-control, .antt-territory-label span"))
      .map(function (c) { return c.getBoundingClientRect(); })
      .filter(function (r) { return r.width > 0 && r.height > 0; });
    items.forEach(function (it) {
      var node = it.marker.getElement();
      if (!node || !node.firstChild) { return; }
      var span = node.firstChild;
      node.style.display = "";
      span.className = "";
      var fits = function () {
        var r = span.getBoundingClientRect();
        if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom) { return null; }
        if (it.p.label_bbox) {  /* no wider than the unit itself (a margin for short names) */
          var b = it.p.label_bbox;
          var sw = map.latLngToContainerPoint([b[1], b[0]]), ne = map.latLngToContainerPoint([b[3], b[2]]);
          if (r.width > Math.abs(ne.x - sw.x) * 1.3 + 12) { return null; }
        }
        for (var i = 0; i < taken.length; i++) { if (overlaps(r, taken[i], 2)) { return null; } }
        return r;
      };
      var r = fits();
      if (!r) { span.className = "antt-small"; r = fits(); }
      if (r) { taken.push(r); } else { node.style.display = "none"; }
    });
  }

  /* The islands and archipelagos of the national territory: a dot for each island (its name on
     hover) and the name of each group, always shown. */
  function territory(data) {
    var group = L.layerGroup();
    (data.islands || []).forEach(function (i) {
      var dot = L.circleMarker([i.lat, i.lon], { radius: 2.5, weight: 1, color: "#1f3b57", fillColor: "#1f3b57", className: "antt-island",
                                                  fillOpacity: 1, interactive: true });
      dot.bindTooltip(function () {
        var box = el("div", "antt-tip");
        box.appendChild(el("div", "antt-tip-name", i.name));
        box.appendChild(el("div", "antt-tip-district", i.label));
        return box;
      }, { direction: "top" });
      group.addLayer(dot);
    });
    (data.labels || []).forEach(function (t) {
      var icon = L.divIcon({ className: "antt-territory-label" + (t.archipelago ? " antt-archipelago" : ""),
                             html: "", iconSize: null });
      var m = L.marker([t.lat, t.lon], { icon: icon, interactive: false, keyboard: false });
      m.on("add", function () {
        var node = m.getElement();
        if (node && !node.firstChild) { node.appendChild(el("span", null, t.label)); }
      });
      group.addLayer(m);
    });
    return group;
  }

  function icon(d) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "#333");
    path.setAttribute("stroke-width", "2");
    svg.appendChild(path);
    return svg;
  }

  /* What the map must say of its data, never on top of the map: above it, on a page of its
     own; inside a report, which says it just above the map, behind a small button. */
  function notices(map, cfg) {
    var lines = cfg.notices || [];
    if (!lines.length) { return; }
    if (window.self !== window.top) {
      var info = L.control({ position: "topleft" });
      info.onAdd = function () {
        var box = el("div", "antt-info");
        var b = el("button", "antt-icon antt-info-open", "i");
        b.type = "button";
        b.title = "Lưu ý về số liệu và ranh giới";
        b.setAttribute("aria-label", b.title);
        var text = el("div", "antt-info-text");
        lines.slice(1).forEach(function (n) { text.appendChild(el("p", null, n)); });
        b.addEventListener("click", function () { box.classList.toggle("antt-open"); });
        box.appendChild(b);
        box.appendChild(text);
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      info.addTo(map);
      return;
    }
    var head = el("header", "antt-maphead");
    head.appendChild(el("h1", null, lines[0]));
    var rest = lines.slice(1);
    /* A warning (a note whose head, before its colon, is in capitals) is named in sight on every
       screen; its explanation, and the other notes, fold away on a narrow one. */
    var marks = rest.slice(1).map(function (n) { return n.split(":")[0]; })
      .filter(function (h) { return h.length > 3 && h === h.toUpperCase() && h !== h.toLowerCase(); });
    if (marks.length) { head.appendChild(el("p", "antt-maphead-marks", marks.join(" · "))); }
    if (rest.length) {
      var det = el("details", "antt-maphead-notes");
      det.appendChild(el("summary", null, rest[0]));
      rest.slice(1).forEach(function (n) { det.appendChild(el("p", null, n)); });
      det.open = rest.length === 1 || window.innerWidth >= 700;
      head.appendChild(det);
    }
    var container = map.getContainer();
    document.body.classList.add("antt-standalone");
    container.parentNode.insertBefore(head, container);
    map.invalidateSize();
    head.addEventListener("toggle", function () { map.invalidateSize(); }, true);
  }

  /* The boxes on screen (relative to the map) that no control may cover at the opening view:
     the units on islands (cfg.keep_clear), the territory's islands and the archipelagos' names. */
  function islandBoxes(map, layer, cfg) {
    var keep = {}, out = [];
    (cfg.keep_clear || []).forEach(function (c) { keep[c] = true; });
    var box = function (sw, ne) { return { left: sw.x, top: ne.y, right: ne.x, bottom: sw.y }; };
    layer.eachLayer(function (l) {
      if (keep[l.feature.properties.code]) {
        var b = l.getBounds();
        out.push(box(map.latLngToContainerPoint(b.getSouthWest()), map.latLngToContainerPoint(b.getNorthEast())));
      }
    });
    ((read("antt-territory") || {}).islands || []).forEach(function (i) {
      var p = map.latLngToContainerPoint([i.lat, i.lon]);
      out.push({ left: p.x - 3, top: p.y - 3, right: p.x + 3, bottom: p.y + 3 });
    });
    var c = map.getContainer().getBoundingClientRect();
    [].slice.call(map.getContainer().querySelectorAll(".antt-territory-label span")).forEach(function (s) {
      var r = s.getBoundingClientRect();
      if (r.width > 0) { out.push({ left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top }); }
    });
    return out;
  }

  /* The opening view with every island in sight: where a control covers one, the view is
     fitted again with room on that side (first above or below, then beside), a few times at most. */
  function fitClear(map, layer, cfg) {
    var pad = { t: 6, r: 6, b: 6, l: 6 };
    for (var round = 0; round < 4; round++) {
      map.fitBounds(cfg.view, { paddingTopLeft: [pad.l, pad.t], paddingBottomRight: [pad.r, pad.b], animate: false });
      keepInside(map);
      var c = map.getContainer().getBoundingClientRect();
      var size = map.getSize();
      var controls = [].slice.call(map.getContainer().querySelectorAll(".leaflet-control"))
        .map(function (e) { var r = e.getBoundingClientRect();
                            return { left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top }; })
        .filter(function (r) { return r.right > r.left && r.bottom > r.top; });
      var islands = islandBoxes(map, layer, cfg), grown = false;
      controls.forEach(function (k) {
        if (!islands.some(function (i) { return overlaps(k, i, 2); })) { return; }
        grown = true;
        if (k.top > size.y / 2) { pad.b = Math.max(pad.b, size.y - k.top + 6); } else { pad.t = Math.max(pad.t, k.bottom + 6); }
        if (round > 0) {
          if (k.left > size.x / 2) { pad.r = Math.max(pad.r, size.x - k.left + 6); } else { pad.l = Math.max(pad.l, k.right + 6); }
        }
      });
      if (!grown || pad.t + pad.b > size.y * 0.7 || pad.l + pad.r > size.x * 0.7) { return; }
    }
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
      legendTitle.textContent = viewLabel(cfg, state) + " — năm " + state.year;
      legendBody.textContent = "";
      view.classes.forEach(function (code) {
        var row = el("div", "antt-legend-row");
        row.appendChild(swatch(cfg.classes[code]));
        row.appendChild(el("span", null, classLabel(cfg, state.year, code) + " (" + grouped(counts[code] || 0, cfg.thousands) + ")"));
        legendBody.appendChild(row);
      });
    }

    var narrow = function () { var z = map.getSize(); return z.x < 700 || z.y < 480; };

    /* Legend: open on a large map, a small button on a narrow one; either way it can be toggled. */
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = el("div", "antt-legend");
      var toggle = el("button", "antt-legend-toggle", "Chú giải");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      var body = el("div", "antt-legend-box");
      body.appendChild(legendTitle);
      body.appendChild(legendBody);
      var set = function (open) {
        box.classList.toggle("antt-open", open);
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? "Thu gọn chú giải" : "Chú giải";
      };
      toggle.addEventListener("click", function () { set(!box.classList.contains("antt-open")); });
      box.appendChild(body);
      box.appendChild(toggle);
      set(!narrow());
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);

    /* Year and view: one compact line; the views open in a list. */
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
      var sum = el("summary", null, "Lớp");
      sum.title = "Lớp hiển thị: " + state.viewLabel;
      det.appendChild(sum);
      var fs = el("fieldset", "antt-views");
      fs.appendChild(el("legend", null, "Lớp hiển thị"));
      cfg.views.forEach(function (v, i) {
        var lab = el("label", "antt-view");
        var r = el("input");
        r.type = "radio";
        r.name = "antt-view";
        r.value = v.id;
        r.checked = i === 0;
        r.addEventListener("change", function () {
          state.view = v.id; state.viewLabel = v.label; sum.title = "Lớp hiển thị: " + v.label; redraw();
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

    /* Search: a button that opens the field. */
    var search = L.control({ position: "topleft" });
    search.onAdd = function () {
      var box = el("div", "antt-search");
      var open = el("button", "antt-icon antt-search-open", "");
      open.type = "button";
      open.title = cfg.search_label || "Tìm xã theo tên";
      open.setAttribute("aria-label", open.title);
      open.appendChild(icon("M6.5 1a5.5 5.5 0 1 1 0 11a5.5 5.5 0 0 1 0-11zM10.5 10.5L15 15"));
      var input = el("input");
      input.type = "search";
      input.placeholder = cfg.search_placeholder || "Tìm xã, phường, thị trấn…";
      input.setAttribute("aria-label", cfg.search_label || "Tìm xã theo tên");
      var list = el("ul", "antt-search-results");
      box.appendChild(open);
      box.appendChild(input);
      box.appendChild(list);
      open.addEventListener("click", function () {
        box.classList.toggle("antt-open");
        if (box.classList.contains("antt-open")) { input.focus(); } else { list.textContent = ""; }
      });
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
            box.classList.remove("antt-open");
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
      var b = el("button", "antt-icon antt-fullscreen");
      b.appendChild(icon("M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5"));
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

    notices(map, cfg);
    L.control.scale({ imperial: false, position: "bottomleft", maxWidth: 90 }).addTo(map);
    if (cfg.view) {  /* the opening view, fitted to the map's size once the page is laid out */
      map.fitBounds(cfg.view, { padding: [6, 6], animate: false });
      window.addEventListener("load", function () { map.invalidateSize(); fitClear(map, layer, cfg); });
    }

    redraw();
    return layer;
  }

  /* A small overview in a corner: the whole province with its far islands, and the frame of
     what the map shows; a click shows the islands. */
  function inset(map, outline, terr) {
    var box = el("div", "antt-inset");
    box.title = "Toàn bộ tỉnh, kể cả các đảo, quần đảo (bấm để xem)";
    var ctl = L.control({ position: "bottomleft" });
    ctl.onAdd = function () { return box; };
    ctl.addTo(map);
    /* the small map is made once its box is in the page (Leaflet needs its size) */
    var mini = L.map(box, { zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
                            doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.1 });
    var shape = L.geoJSON(outline, { interactive: false,
                                     style: function () { return { color: "#333", weight: 0.8, fillColor: "#999", fillOpacity: 0.7 }; } });
    var all = shape.getBounds();
    var pts = (terr.islands || []).map(function (i) { return [i.lat, i.lon]; });
    pts.forEach(function (pt) { all.extend(pt); });
    mini.fitBounds(all, { padding: [4, 4] });
    shape.addTo(mini);
    pts.forEach(function (pt) {
      L.circleMarker(pt, { radius: 1.2, weight: 0, fillColor: "#1f3b57", fillOpacity: 1, interactive: false }).addTo(mini);
    });
    (terr.labels || []).filter(function (t) { return t.archipelago; }).forEach(function (t) {
      var m = L.marker([t.lat, t.lon], { icon: L.divIcon({ className: "antt-inset-label", html: "", iconSize: null }),
                                          interactive: false, keyboard: false }).addTo(mini);
      var node = m.getElement();
      if (node) { node.appendChild(el("span", null, t.label.replace(/ \(.*\)$/, ""))); }
    });
    /* each name whole inside the small map */
    var frameBox = box.getBoundingClientRect();
    [].slice.call(box.querySelectorAll(".antt-inset-label span")).forEach(function (span) {
      var r = span.getBoundingClientRect();
      var shift = r.right > frameBox.right - 2 ? frameBox.right - 2 - r.right : (r.left < frameBox.left + 2 ? frameBox.left + 2 - r.left : 0);
      span.style.marginLeft = shift + "px";
    });
    var frame = L.rectangle(map.getBounds(), { color: "#d55e00", weight: 1, fill: false, interactive: false }).addTo(mini);
    map.on("moveend", function () { frame.setBounds(map.getBounds()); });
    box.addEventListener("click", function () {
      if (pts.length) { map.fitBounds(L.latLngBounds(pts), { padding: [20, 20] }); }
    });
    L.DomEvent.disableClickPropagation(box);
    return ctl;
  }

  return { read: read, atlas: atlas, outlineLayer: outlineLayer, districtNames: districtNames,
           territory: territory, inset: inset, classOf: classOf, fold: fold };
})();

(function () {
  "use strict";
  var map = __MAP__;
  var data = JSON.parse(document.getElementById("__DATA_ID__").textContent);
  var SIDE_COLOURS = {ukraine: "#1f5fbf", russia: "#c0392b", independent: "#2e8b57", unknown: "#6b6b6b"};
  var SIDE_NAMES = {ukraine: "Ukrainian claimants", russia: "Russian claimants", independent: "Independent claimants", unknown: "Claimants of unknown side"};
  var GLYPHS = {advance: "\u279c", capture: "\u2691", withdrawal: "\u21a9", offensive: "\u21d7", clash: "\u2694",
                strike: "\u2739", loss: "\u2716", area_change: "\u25a6", control: "\u25a0"};
  var STATUS_STYLE = {
    occupied: {color: "#b03a2e", fillColor: "#e74c3c", fillOpacity: 0.28, weight: 0.6},
    contested: {color: "#7f8c8d", fillColor: "#bdc3c7", fillOpacity: 0.45, weight: 0.6},
    ukrainian: {color: "#1f5fbf", fillColor: "#5dade2", fillOpacity: 0.30, weight: 0.6},
    russian_advance: {color: "#922b21", fillColor: "#cd6155", fillOpacity: 0.35, weight: 0.6}
  };

  // The one way a string from data may reach a place that takes HTML (Leaflet's layer control
  // and attribution set innerHTML): as text, with every markup character escaped.
  var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;"};
  function escapeHtml(text) {
    return String(text).replace(/[&<>"'`]/g, function (c) { return ESCAPES[c]; });
  }
  function pick(table, key, fallback) {
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : fallback;
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function row(root, label, value) {
    if (value === undefined || value === null || value === "") return;
    var line = el("div", "fm-row");
    line.appendChild(el("span", "fm-label", label + ": "));
    line.appendChild(el("span", null, value));
    root.appendChild(line);
  }
  function safeUrl(text) {
    try {
      var url = new URL(String(text));
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (error) { return null; }
  }
  function popup(p) {
    var root = el("div", "fm-popup");
    var title = el("div", "fm-title", p.kind.replace("_", " ") + " \u2014 " + p.verification);
    root.appendChild(title);
    root.appendChild(el(p.quoted ? "blockquote" : "p", "fm-text", p.text));
    row(root, "Claimant", p.claimant + " (" + p.side + ")");
    var publisher = el("div", "fm-row");
    if (p.publisher || p.url) {
      publisher.appendChild(el("span", "fm-label", "Publisher: "));
      var href = safeUrl(p.url);
      if (href) {
        var link = el("a", null, p.publisher || p.url);
        link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer";
        publisher.appendChild(link);
      } else {
        publisher.appendChild(el("span", null, [p.publisher, p.url].filter(Boolean).join(" ")));
      }
      root.appendChild(publisher);
    }
    var event = p.event.start === p.event.end ? p.event.start : p.event.start + " \u2013 " + p.event.end;
    row(root, "Event", event + " (" + p.event.precision + ")");
    row(root, "Reported", p.reported);
    row(root, "Verification", p.verification + (p.note ? " \u2014 " + p.note : ""));
    if (p.place) row(root, "Place", p.place + (p.score !== null ? ", score " + p.score : "") + (p.ambiguous ? ", ambiguous" : ""));
    row(root, "Claim", p.id);
    return root;
  }

  function arrowHead(latlngs) {
    var a = latlngs[latlngs.length - 2], b = latlngs[latlngs.length - 1];
    var dx = b.lng - a.lng, dy = b.lat - a.lat, length = Math.sqrt(dx * dx + dy * dy) || 1e-9;
    var size = Math.min(0.08, 0.4 * length), ux = dx / length, uy = dy / length;
    return [b, L.latLng(b.lat - size * (uy + 0.5 * ux), b.lng - size * (ux - 0.5 * uy)),
            L.latLng(b.lat - size * (uy - 0.5 * ux), b.lng - size * (ux + 0.5 * uy))];
  }

  var items = [];          // {layer, group, from, until}
  var groups = {};
  var overlays = {};
  function groupFor(key, label, cluster) {
    if (!groups[key]) {
      groups[key] = (cluster && L.markerClusterGroup) ? L.markerClusterGroup({chunkedLoading: true}) : L.layerGroup();
      groups[key].addTo(map);
      overlays[escapeHtml(label)] = groups[key];
    }
    return groups[key];
  }

  var outline = L.geoJSON(data.outline, {interactive: false,
    style: {color: "#777", weight: 0.8, fill: true, fillColor: "#f4f1ea", fillOpacity: data.tiles ? 0 : 1}});
  outline.addTo(map);

  data.control.forEach(function (source) {
    var group = L.layerGroup().addTo(map);
    overlays[escapeHtml("Control: " + source.label)] = group;
    source.features.forEach(function (feature) {
      var p = feature.properties;
      var style = Object.assign({}, pick(STATUS_STYLE, p.status, STATUS_STYLE.contested));
      if (p.change === "lost") style = {color: "#1f5fbf", fillColor: "#85c1e9", fillOpacity: 0.6, weight: 1, dashArray: "3 3"};
      var layer = L.geoJSON(feature, {style: style, interactive: false});
      items.push({layer: layer, group: group, from: p.from, until: p.until, change: p.change, status: p.status,
                  source: source.key, base: style});
    });
  });

  var cluster = data.claims.length > data.clusterFrom;
  data.claims.forEach(function (feature) {
    var p = feature.properties;
    var side = pick(SIDE_COLOURS, p.side, null) ? p.side : "unknown";
    var colour = SIDE_COLOURS[side];
    var verified = p.verification === "confirmed";
    var markers = groupFor("markers-" + side, "Claims: " + SIDE_NAMES[side], cluster);
    var shapes = groupFor("shapes-" + side, "Claim areas: " + SIDE_NAMES[side], false);
    var dash = verified ? null : "5 4";
    var geometry = L.GeoJSON.geometryToLayer(feature);
    var anchor;
    var extras = [];
    if (p.shape === "point") {
      anchor = geometry.getLatLng();
      if (p.uncertainty_km > 0) extras.push(L.circle(anchor, {radius: p.uncertainty_km * 1000, color: colour,
        weight: 1, dashArray: "4 4", fillOpacity: 0.06}));
    } else if (p.shape === "arrow" || p.shape === "line") {
      var latlngs = geometry.getLatLngs();
      anchor = latlngs[latlngs.length - 1];
      extras.push(L.polyline(latlngs, {color: colour, weight: 3, dashArray: dash}));
      if (p.shape === "arrow") extras.push(L.polygon(arrowHead(latlngs), {color: colour, weight: 1, fillOpacity: 0.9}));
    } else {
      anchor = geometry.getBounds().getCenter();
      extras.push(L.geoJSON(feature, {style: {color: colour, weight: 1.5, dashArray: dash || "", fillOpacity: 0.12}}));
    }
    var icon = L.divIcon({className: "fm-claim fm-" + side + (verified ? "" : " fm-unverified"),
                          html: pick(GLYPHS, p.kind, "\u2022"), iconSize: [22, 22]});
    var marker = L.marker(anchor, {icon: icon, keyboard: true, title: ""});
    marker.bindPopup(function () { return popup(p); }, {maxWidth: 340});
    marker.bindTooltip(function () { return el("span", null, p.claimant); });
    items.push({layer: marker, group: markers, from: p.start, until: p.visible_until, claim: true, marker: true});
    extras.forEach(function (layer) {
      layer.bindPopup(function () { return popup(p); }, {maxWidth: 340});
      items.push({layer: layer, group: shapes, from: p.start, until: p.visible_until, claim: true});
    });
  });

  var days = data.days;
  var state = {date: null, claims: 0, control: 0, gained: 0, lost: 0};
  function stepOf(sourceKey, day) {
    var dates = data.controlDates[sourceKey] || [], found = null;
    for (var i = 0; i < dates.length && dates[i] <= day; i++) found = dates[i];
    return found;
  }
  function update(day) {
    state.date = day; state.claims = 0; state.control = 0; state.gained = 0; state.lost = 0;
    var steps = {};
    var adds = {}, removes = {};
    items.forEach(function (item, index) {
      var visible = item.from <= day && (item.until === null || day < item.until || (item.claim && day === item.until));
      if (visible && item.marker) state.claims++;
      if (visible && !item.claim) {
        state.control++;
        if (!(item.source in steps)) steps[item.source] = stepOf(item.source, day);
        var fresh = item.from === steps[item.source] && item.from !== data.controlDates[item.source][0];
        if (item.change === "gained") {
          item.layer.setStyle(fresh ? {fillOpacity: 0.75, weight: 1.2} : item.base);
          if (fresh) state.gained++;
        }
        if (item.change === "lost") state.lost++;
      }
      var has = item.group.hasLayer(item.layer);
      var key = L.stamp(item.group);
      if (visible && !has) (adds[key] = adds[key] || {group: item.group, layers: []}).layers.push(item.layer);
      if (!visible && has) (removes[key] = removes[key] || {group: item.group, layers: []}).layers.push(item.layer);
    });
    Object.keys(removes).forEach(function (k) {
      var r = removes[k];
      if (r.group.removeLayers) r.group.removeLayers(r.layers); else r.layers.forEach(function (l) { r.group.removeLayer(l); });
    });
    Object.keys(adds).forEach(function (k) {
      var a = adds[k];
      if (a.group.addLayers) a.group.addLayers(a.layers); else a.layers.forEach(function (l) { a.group.addLayer(l); });
    });
    label.textContent = day;
    counts.textContent = state.claims + " claims shown";
    document.body.setAttribute("data-frontmap-date", day);
  }

  var panel = L.control({position: "topright"});
  var slider, label, counts, play;
  panel.onAdd = function () {
    var box = el("div", "fm-panel leaflet-bar");
    play = el("button", "fm-play", "\u25b6");
    play.type = "button"; play.title = "Play";
    slider = el("input", "fm-slider");
    slider.type = "range"; slider.min = 0; slider.max = days.length - 1; slider.step = 1;
    slider.setAttribute("aria-label", "Date");
    label = el("span", "fm-date");
    counts = el("span", "fm-counts");
    box.appendChild(play); box.appendChild(slider); box.appendChild(label); box.appendChild(counts);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  panel.addTo(map);
  slider.addEventListener("input", function () { update(days[+slider.value]); });
  var timer = null;
  play.addEventListener("click", function () {
    if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25b6"; return; }
    play.textContent = "\u275a\u275a";
    timer = setInterval(function () {
      var next = (+slider.value + 1) % days.length;
      slider.value = next; update(days[next]);
    }, 700);
  });

  var fullscreen = L.control({position: "topleft"});
  fullscreen.onAdd = function () {
    var button = el("a", "fm-fullscreen leaflet-bar", "\u2922");
    button.href = "#"; button.title = "Full screen"; button.setAttribute("role", "button");
    L.DomEvent.on(button, "click", function (event) {
      L.DomEvent.preventDefault(event);
      var container = map.getContainer();
      if (document.fullscreenElement) document.exitFullscreen();
      else if (container.requestFullscreen) container.requestFullscreen();
    });
    return button;
  };
  fullscreen.addTo(map);

  L.control.layers(null, overlays, {collapsed: true}).addTo(map);
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var box = el("div", "fm-legend");
    data.legend.forEach(function (row) {
      if (row[0] === "title") { box.appendChild(el("b", null, row[1])); return; }
      var line = el("div");
      if (row[0] === "swatch") {
        var swatch = el("span", "fm-sw");
        swatch.style.background = row[2];
        if (row[3]) swatch.style.border = row[3];
        line.appendChild(swatch);
      }
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
    data.legendNotes.forEach(function (note) { box.appendChild(el("i", "fm-note", note)); });
    return box;
  };
  legend.addTo(map);
  data.attribution.forEach(function (text) { map.attributionControl.addAttribution(escapeHtml(text)); });

  function setDate(day) {
    var index = 0;
    for (var i = 0; i < days.length; i++) if (days[i] <= day) index = i;
    slider.value = index; update(days[index]);
  }
  var wanted = /^#date=(\d{4}-\d{2}-\d{2})$/.exec(window.location.hash || "");
  setDate(wanted ? wanted[1] : data.initial);
  window.frontmapTimeline = {setDate: setDate, state: state, days: days};
})();

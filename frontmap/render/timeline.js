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
    retaken: {color: "#8da9bf", fillColor: "#dbe6ee", fillOpacity: 0.45, weight: 0.5, dashArray: "2 3"},
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
    if (p.uncertainty_km > 0) row(root, "Uncertainty", "\u00b1" + p.uncertainty_km + " km");
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

  var DAY_MS = 864e5, FOREVER = 1e9;
  function dayNumber(iso) { return Math.round(Date.parse(iso) / DAY_MS); }
  function isoDay(number) { return new Date(number * DAY_MS).toISOString().slice(0, 10); }

  // Items that show between two day numbers (both included). The slider moves from one day to
  // another by visiting only the items whose first or last day lies between the two, found by
  // binary search in the items sorted by first and by last day: never every item per step.
  function Index(first, last, show, hide) {
    var n = first.length, shown = new Uint8Array(n), current = null;
    function order(values) {
      var o = new Uint32Array(n);
      for (var i = 0; i < n; i++) o[i] = i;
      return o.sort(function (a, b) { return (values[a] - values[b]) || (a - b); });
    }
    var byFirst = order(first), byLast = order(last);
    function lower(o, values, x) {
      var lo = 0, hi = n;
      while (lo < hi) { var mid = (lo + hi) >>> 1; if (values[o[mid]] < x) lo = mid + 1; else hi = mid; }
      return lo;
    }
    function visit(o, values, from, below, day) {
      for (var p = lower(o, values, from); p < n && values[o[p]] < below; p++) {
        var i = o[p], want = first[i] <= day && day <= last[i];
        if (want !== (shown[i] === 1)) { shown[i] = want ? 1 : 0; (want ? show : hide)(i); }
      }
    }
    this.shown = function (i) { return shown[i] === 1; };
    this.starting = function (day) {  // items whose first day is ``day``
      var out = [];
      for (var p = lower(byFirst, first, day); p < n && first[byFirst[p]] === day; p++) out.push(byFirst[p]);
      return out;
    };
    this.move = function (day) {
      if (current === null) visit(byFirst, first, -FOREVER, day + 1, day);
      else if (day > current) { visit(byFirst, first, current + 1, day + 1, day); visit(byLast, last, current, day, day); }
      else if (day < current) { visit(byLast, last, day, current, day); visit(byFirst, first, day + 1, current + 1, day); }
      current = day;
    };
  }

  // Layers are added to and taken from their groups in batches, once per slider step.
  var pending = {};
  function queue(group, layer, add) {
    var key = L.stamp(group);
    var batch = pending[key] || (pending[key] = {group: group, add: [], remove: []});
    (add ? batch.add : batch.remove).push(layer);
  }
  function flush() {
    Object.keys(pending).forEach(function (key) {
      var b = pending[key];
      if (b.remove.length) {
        if (b.group.removeLayers) b.group.removeLayers(b.remove); else b.remove.forEach(function (l) { b.group.removeLayer(l); });
      }
      if (b.add.length) {
        if (b.group.addLayers) b.group.addLayers(b.add); else b.add.forEach(function (l) { b.group.addLayer(l); });
      }
    });
    pending = {};
  }

  var groups = {};
  var overlays = {};
  function groupFor(key, label, cluster, make) {  // one overlay of the layer control, made once
    if (!groups[key]) {
      groups[key] = make ? make() : (cluster && L.markerClusterGroup) ? L.markerClusterGroup({chunkedLoading: true}) : L.layerGroup();
      groups[key].addTo(map);
      overlays[escapeHtml(label)] = groups[key];
    }
    return groups[key];
  }

  var outline = L.geoJSON(data.outline, {interactive: false,
    style: {color: "#777", weight: 0.8, fill: true, fillColor: "#f4f1ea", fillOpacity: data.tiles ? 0 : 1}});
  outline.addTo(map);

  // Place names (only without tiles): the larger places in view, more as one zooms in.
  var labels = data.labels;
  if (labels && labels.name.length) {
    var labelPane = map.createPane("fm-labels");
    labelPane.style.zIndex = 450; labelPane.style.pointerEvents = "none";
    var labelLayer = L.layerGroup().addTo(map), labelMarkers = [];
    var showLabels = function () {  // largest first; a name that would overlap one already placed is left out
      var zoom = map.getZoom(), view = map.getBounds().pad(0.1), placed = [];
      labelLayer.clearLayers();
      for (var i = 0; i < labels.name.length && placed.length < 80; i++) {
        if (labels.zoom[i] > zoom) continue;
        var at = L.latLng(labels.lat[i] / 1000, labels.lon[i] / 1000);
        if (!view.contains(at)) continue;
        var point = map.latLngToContainerPoint(at), half = 3.2 * labels.name[i].length + 4;
        var box = [point.x - half, point.y - 9, point.x + half, point.y + 9];
        if (placed.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; })) continue;
        placed.push(box);
        if (!labelMarkers[i]) {
          var text = el("span", "fm-place-text", labels.name[i]);
          labelMarkers[i] = L.marker(at, {icon: L.divIcon({className: "fm-place", html: text, iconSize: null}),
                                          interactive: false, keyboard: false, pane: "fm-labels"});
        }
        labelLayer.addLayer(labelMarkers[i]);
      }
    };
    map.on("zoomend moveend", showLabels);
    map.whenReady(showLabels);
  }

  // Control: pieces of land with the days they are shown.
  var pieces = [];
  data.control.forEach(function (source) {
    var group = groupFor("control-" + source.key, "Control: " + source.label, false);
    source.features.forEach(function (feature) {
      var p = feature.properties, change = p.change;
      var style = Object.assign({}, pick(STATUS_STYLE, p.status, STATUS_STYLE.contested));
      if (change === "lost") style = {color: "#1f5fbf", fillColor: "#85c1e9", fillOpacity: 0.6, weight: 1, dashArray: "3 3"};
      var target = p.status === "retaken" ? groupFor("retaken-" + source.key,
        "Control: " + source.label + " \u2014 retaken by Ukraine in 2022", false) : group;
      pieces.push({feature: feature, group: target, first: dayNumber(p.from),
                   last: p.until === null ? FOREVER : dayNumber(p.until) - 1,
                   change: change, source: source.key, base: style, layer: null});
    });
  });
  var firstDates = {}, controlDays = {};
  Object.keys(data.controlDates).forEach(function (key) {
    controlDays[key] = data.controlDates[key].map(dayNumber);
    firstDates[key] = controlDays[key][0];
  });
  var state = {date: null, claims: 0, control: 0, gained: 0, lost: 0};
  var controlIndex = new Index(
    Float64Array.from(pieces, function (p) { return p.first; }),
    Float64Array.from(pieces, function (p) { return p.last; }),
    function (i) {
      var piece = pieces[i];
      if (!piece.layer) piece.layer = L.geoJSON(piece.feature, {style: piece.base, interactive: false});
      state.control++; if (piece.change === "lost") state.lost++;
      queue(piece.group, piece.layer, true);
    },
    function (i) {
      var piece = pieces[i];
      state.control--; if (piece.change === "lost") state.lost--;
      queue(piece.group, piece.layer, false);
    });
  var fresh = [];
  function highlightGains(day) {  // the gains of the snapshot in force are drawn stronger
    fresh.forEach(function (piece) { piece.layer.setStyle(piece.base); });
    fresh = [];
    Object.keys(controlDays).forEach(function (key) {
      var days = controlDays[key], step = null;
      for (var i = 0; i < days.length && days[i] <= day; i++) step = days[i];
      if (step === null || step === firstDates[key]) return;
      controlIndex.starting(step).forEach(function (i) {
        var piece = pieces[i];
        if (piece.source === key && piece.change === "gained" && controlIndex.shown(i)) fresh.push(piece);
      });
    });
    fresh.forEach(function (piece) { piece.layer.setStyle({fillOpacity: 0.75, weight: 1.2}); });
    state.gained = fresh.length;
  }

  // Claims arrive column-wise (frontmap/render/columns.py).
  var C = data.claims, n = C.n;
  function column(name, fallback) {
    var stored = C.columns[name];
    if (Array.isArray(stored)) return stored;
    var out = new Array(n).fill(fallback);
    if (stored) for (var k = 0, at = 0; k < stored.i.length; k++) { at += stored.i[k]; out[at] = stored.v[k]; }
    return out;
  }
  function text(name) {
    var table = C.tables[name] || [""], codes = column(name, 0);
    return function (i) { return table[codes[i]]; };
  }
  var starts = new Float64Array(n), lasts = new Float64Array(n);
  var endGap = column("end", 0), reportedGap = column("reported", 0), startGap = column("start", 0);
  for (var i = 0, day = 0; i < n; i++) { day += startGap[i]; starts[i] = day; lasts[i] = day + endGap[i] + data.stay; }
  var lon = column("lon", 0), lat = column("lat", 0), geometry = column("geometry", null);
  var claimant = text("claimant"), sideOf = text("side"), kindOf = text("kind"), actor = text("actor"),
      publisher = text("publisher"), url = text("url"), verification = text("verification"),
      precision = text("precision"), shapeOf = text("shape"), place = text("place");
  var texts = column("text", ""), notes = column("note", ""), ids = column("id", ""), quoted = column("quoted", false),
      ambiguous = column("ambiguous", false), uncertainty = column("uncertainty_km", 0), score = column("score", null);
  var sideCodes = column("side", 0), verificationCodes = column("verification", 0);
  var sideOfCode = (C.tables.side || [""]).map(sideKey);
  var confirmedCode = (C.tables.verification || []).indexOf("confirmed");

  // Beyond dotsFrom claims every claim is a dot, drawn straight from the columns on one canvas: a
  // Leaflet renderer (Leaflet sizes it, moves it and redraws it on pan and zoom) that holds no
  // layer per claim, so a slider step only marks the dots that enter or leave and asks for one
  // redraw. Each dot is stamped from a small image of its style: Chromium's software raster strokes
  // thousands of small circles slowly. A click opens the claim's popup, hovering names its claimant.
  var DOT = {radius: 5, weight: 1.5, fillOpacity: 0.9, size: 14};  // size: the stamp's side in CSS pixels
  var DotCanvas = L.Canvas.extend({
    place: function (i, latlng) {  // where claim i's dot is (its point, or the centre of its shape)
      this._at[i] = latlng;
    },
    show: function (i, on) {
      if (on) { this._slot[i] = this._count; this._list[this._count++] = i; } else {
        var last = this._list[--this._count];
        this._list[this._slot[i]] = last; this._slot[last] = this._slot[i];
        if (i === this._opened && this._map) this._map.closePopup(this._popup);  // as a layer's popup closes with it
        if (i === this._hovered) this._handleMouseOut();
      }
      this._changed();
    },
    showSide: function (side, on) { this._hidden[side] = !on; this._changed(); },
    _changed: function () {
      if (this._map && !this._redrawRequest) this._redrawRequest = L.Util.requestAnimFrame(this._redraw, this);
    },
    initialize: function (options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._at = new Array(n); this._list = new Uint32Array(n); this._slot = new Uint32Array(n); this._count = 0;
      this._x = new Float64Array(n); this._y = new Float64Array(n); this._projectedZoom = null;
      this._hidden = {}; this._sprites = {}; this._drawn = new Uint32Array(0); this._hovered = -1; this._opened = -1;
    },
    _draw: function () {  // oldest claims first, so newer dots lie on top
      var drawn = this._list.slice(0, this._count).sort(), ctx = this._ctx, kept = 0, half = DOT.size / 2;
      var origin = this._map.getPixelOrigin(), zoom = this._map.getZoom();
      for (var k = 0; k < drawn.length; k++) {
        var i = drawn[k], side = sideOfCode[sideCodes[i]];
        if (this._hidden[side]) continue;
        var verified = verificationCodes[i] === confirmedCode;
        this._project(i, zoom);
        ctx.drawImage(this._sprites[side + verified] || this._sprite(side, verified),
                      this._x[i] - origin.x - half, this._y[i] - origin.y - half, DOT.size, DOT.size);
        drawn[kept++] = i;
      }
      this._drawn = drawn.subarray(0, kept);
    },
    _project: function (i, zoom) {  // claim i's dot in whole pixels at ``zoom``, kept until the zoom changes
      if (zoom !== this._projectedZoom) { this._projectedZoom = zoom; this._x.fill(NaN); }
      if (this._x[i] !== this._x[i]) {
        var p = this._map.project(this._at[i], zoom);
        this._x[i] = Math.round(p.x); this._y[i] = Math.round(p.y);
      }
    },
    _sprite: function (side, verified) {
      var key = side + verified;
      if (!this._sprites[key]) {  // an ImageBitmap where the browser can make one: a canvas source is copied on every draw
        var ratio = L.Browser.retina ? 2 : 1, pixels = DOT.size * ratio, offscreen = typeof OffscreenCanvas === "function";
        var canvas = offscreen ? new OffscreenCanvas(pixels, pixels) : document.createElement("canvas");
        canvas.width = canvas.height = pixels;
        var ctx = canvas.getContext("2d"), colour = SIDE_COLOURS[side];
        ctx.scale(ratio, ratio);
        ctx.beginPath(); ctx.arc(DOT.size / 2, DOT.size / 2, DOT.radius, 0, 2 * Math.PI);
        ctx.globalAlpha = DOT.fillOpacity; ctx.fillStyle = verified ? colour : "#fff"; ctx.fill();
        ctx.globalAlpha = 1; ctx.lineWidth = DOT.weight; ctx.strokeStyle = colour; ctx.stroke();
        this._sprites[key] = offscreen ? canvas.transferToImageBitmap() : canvas;
      }
      return this._sprites[key];
    },
    _hit: function (e) {  // the claim whose dot is under the mouse, topmost first; -1 if none
      var map = this._map, point = map.mouseEventToLayerPoint(e).add(map.getPixelOrigin()), zoom = map.getZoom();
      var reach = DOT.radius + DOT.weight / 2 + (this.options.tolerance || 0);
      for (var k = this._drawn.length - 1; k >= 0; k--) {
        var i = this._drawn[k];
        this._project(i, zoom);
        if (claimIndex.shown(i) && !this._hidden[sideOfCode[sideCodes[i]]] && Math.abs(this._x[i] - point.x) <= reach && Math.abs(this._y[i] - point.y) <= reach &&
            point.distanceTo([this._x[i], this._y[i]]) <= reach) return i;
      }
      return -1;
    },
    _onClick: function (e) {
      var i = this._hit(e);
      this._fireEvent(false, e);
      if (i >= 0 && e.type === "click") {
        this._popup = L.popup({maxWidth: 340}).setLatLng(this._at[i]).setContent(popup(claimProperties(i))).openOn(this._map);
        this._opened = i;
      }
    },
    _handleMouseHover: function (e) {
      if (this._mouseHoverThrottled) return;
      var i = this._hit(e);
      if (i !== this._hovered) {
        this._handleMouseOut(e);
        if (i >= 0) {
          L.DomUtil.addClass(this._container, "leaflet-interactive");
          this._tooltip = L.tooltip().setLatLng(this._at[i]).setContent(el("span", null, claimant(i)));
          this._map.openTooltip(this._tooltip);
          this._hovered = i;
        }
      }
      this._fireEvent(false, e);
      this._mouseHoverThrottled = true;
      setTimeout(L.Util.bind(function () { this._mouseHoverThrottled = false; }, this), 32);
    },
    _handleMouseOut: function () {
      if (this._hovered < 0) return;
      L.DomUtil.removeClass(this._container, "leaflet-interactive");
      this._map.closeTooltip(this._tooltip);
      this._hovered = -1; this._mouseHoverThrottled = false;
    }
  });
  // The layer control's switch for one side's dots.
  var SideSwitch = L.Layer.extend({
    initialize: function (canvas, side) { this._canvas = canvas; this._side = side; },
    onAdd: function () { this._canvas.showSide(this._side, true); },
    onRemove: function () { this._canvas.showSide(this._side, false); }
  });

  function claimProperties(i) {
    return {claimant: claimant(i), side: sideOf(i), kind: kindOf(i), actor: actor(i), text: texts[i],
            quoted: quoted[i], publisher: publisher(i), url: url(i), verification: verification(i), note: notes[i],
            event: {start: isoDay(starts[i]), end: isoDay(starts[i] + endGap[i]), precision: precision(i)},
            reported: isoDay(starts[i] + reportedGap[i]), place: place(i), score: score[i], ambiguous: ambiguous[i],
            id: ids[i], shape: shapeOf(i), uncertainty_km: uncertainty[i]};
  }
  function sideKey(value) { return pick(SIDE_COLOURS, value, null) ? value : "unknown"; }
  // Up to clusterFrom claims: a glyph marker each; up to dotsFrom: clustered glyph markers; beyond:
  // a dot each on one canvas (a slider step then adds and removes hundreds of claims).
  var dots = n > data.dotsFrom, cluster = !dots && n > data.clusterFrom;
  // The dots get a pane of their own above the overlay pane: Leaflet's CSS puts every SVG above
  // every canvas of a pane, and without tiles the land outline is an opaque SVG fill. A claim's
  // area, line or arrow under a dot is reached through the dot, which opens the same popup.
  if (dots) map.createPane("fm-dots").style.zIndex = 420;
  var dotCanvas = dots ? new DotCanvas({padding: 0.2, pane: "fm-dots"}).addTo(map) : null;
  var sideGroups = {};
  (C.tables.side || ["unknown"]).concat(["unknown"]).forEach(function (value) {
    var side = sideKey(value);
    if (!sideGroups[side]) sideGroups[side] = {
      markers: groupFor("markers-" + side, "Claims: " + SIDE_NAMES[side], cluster,
                        dots ? function () { return new SideSwitch(dotCanvas, side); } : null),
      shapes: groupFor("shapes-" + side, "Claim areas: " + SIDE_NAMES[side], false)};
  });
  var claimLayers = new Array(n);
  function makeClaim(i) {  // the popup's fields are gathered only when it opens
    var p = {side: sideOf(i), verification: verification(i), kind: kindOf(i), shape: shapeOf(i),
             uncertainty_km: uncertainty[i]};
    var side = pick(SIDE_COLOURS, p.side, null) ? p.side : "unknown";
    var colour = SIDE_COLOURS[side];
    var verified = p.verification === "confirmed";
    var dash = verified ? null : "5 4";
    var details = function () { return popup(claimProperties(i)); };
    var feature = geometry[i] ? {type: "Feature", geometry: geometry[i], properties: {}} : null;
    var anchor, extras = [];
    if (!feature) {
      anchor = L.latLng(lat[i] / 1e5, lon[i] / 1e5);
      // As dots, the uncertainty is in the popup: thousands of circles would make each step slow.
      if (p.uncertainty_km > 0 && !dots) extras.push(L.circle(anchor, {radius: p.uncertainty_km * 1000, color: colour,
        weight: 1, dashArray: "4 4", fillOpacity: 0.06}));
    } else if (p.shape === "arrow" || p.shape === "line") {
      var latlngs = L.GeoJSON.geometryToLayer(feature).getLatLngs();
      anchor = latlngs[latlngs.length - 1];
      extras.push(L.polyline(latlngs, {color: colour, weight: 3, dashArray: dash}));
      if (p.shape === "arrow") extras.push(L.polygon(arrowHead(latlngs), {color: colour, weight: 1, fillOpacity: 0.9}));
    } else {
      var shape = L.geoJSON(feature, {style: {color: colour, weight: 1.5, dashArray: dash || "", fillOpacity: 0.12}});
      anchor = shape.getBounds().getCenter();
      extras.push(shape);
    }
    var marker = null;
    if (dots) dotCanvas.place(i, anchor);  // the dot itself is drawn by dotCanvas
    else {
      marker = L.marker(anchor, {keyboard: true, title: "", icon: L.divIcon({
        className: "fm-claim fm-" + side + (verified ? "" : " fm-unverified"),
        html: pick(GLYPHS, p.kind, "\u2022"), iconSize: [22, 22]})});
      marker.bindPopup(details, {maxWidth: 340});
      marker.bindTooltip(function () { return el("span", null, claimant(i)); });
    }
    extras.forEach(function (layer) { layer.bindPopup(details, {maxWidth: 340}); });
    return {marker: marker, extras: extras, groups: sideGroups[side]};
  }
  var claimIndex = new Index(starts, lasts,
    function (i) {
      var c = claimLayers[i] || (claimLayers[i] = makeClaim(i));
      state.claims++;
      if (c.marker) queue(c.groups.markers, c.marker, true); else dotCanvas.show(i, true);
      c.extras.forEach(function (layer) { queue(c.groups.shapes, layer, true); });
    },
    function (i) {
      var c = claimLayers[i];
      state.claims--;
      if (c.marker) queue(c.groups.markers, c.marker, false); else dotCanvas.show(i, false);
      c.extras.forEach(function (layer) { queue(c.groups.shapes, layer, false); });
    });

  var days = data.days;
  function update(day) {
    var number = dayNumber(day);
    state.date = day;
    controlIndex.move(number);
    claimIndex.move(number);
    flush();
    highlightGains(number);
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
  var pendingInput = null;  // dragging the slider fires many inputs per frame: only the last is drawn
  slider.addEventListener("input", function () {
    if (pendingInput === null) pendingInput = L.Util.requestAnimFrame(function () { pendingInput = null; update(days[+slider.value]); });
  });
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

/* frontwatch map: events as clustered markers (shape by type, colour by side), a timeline that
   filters events and recolours places by controller, filters, place search and an event panel.
   Stored text only ever reaches the page through textContent and attributes, never as HTML. */
(function () {
  "use strict";

  var DAY = 86400000;
  var KNOWN_SIDES = ["pro-government", "ISIS", "opposition", "SDF", "government", "Turkey-backed",
                     "US-led", "Kurdistan Region", "jihadist"];
  var SHAPES = {ASSAULT: "triangle", COERCE: "square", THREATEN: "square", MOBILIZE: "diamond",
                PROTEST: "bar", ACCUSE: "bar", REJECT: "bar", REQUEST: "bar", SANCTION: "bar"};
  var PALETTE = ["#c0392b", "#1d1d1d", "#2e8b57", "#e0b000", "#d35400", "#138d90", "#2471a3", "#8e44ad",
                 "#6b4f1d", "#e75480"];
  var MAX_LIST = 200;
  var TAIL_DAYS = 30;

  var state = {events: [], located: [], byId: {}, control: {}, days: [], day0: 0, nDays: 0, markers: {},
               iconCache: {}, playing: null, lastFocus: null, places: []};
  var map, eventLayer, controlLayer, outlineLayer;
  var CELL = 56;  // px: events closer than this on screen share one cluster mark

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function status(text) { $("status").textContent = text; }

  // ------------------------------------------------------------------ dates and sides

  function dayOf(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  function sideIndex(side) {
    if (!side) { return -1; }
    var i = KNOWN_SIDES.indexOf(side);
    if (i >= 0) { return i % PALETTE.length; }
    var h = 0;
    for (var k = 0; k < side.length; k++) { h = (h * 31 + side.charCodeAt(k)) >>> 0; }
    return h % PALETTE.length;
  }
  function sideColour(side) { var i = sideIndex(side); return i < 0 ? "#7f8c8d" : PALETTE[i]; }
  function sideOf(ev) {
    var a = ev.actors || [];
    for (var i = 0; i < a.length; i++) { if (a[i][3] === "actor" && a[i][2]) { return a[i][2]; } }
    return a.length ? a[0][2] : null;
  }

  // ------------------------------------------------------------------ loading

  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function load() {
    var evUrl = "/api/map/events?certainty=reported&certainty=claimed&certainty=hypothetical";
    status("Loading events…");
    return Promise.all([getJSON("/api/config"), getJSON(evUrl), getJSON("/api/control.geojson"),
                        getJSON("/static/countries.geojson"), getJSON("/api/places?limit=1000"),
                        getJSON("/api/actors?limit=1000")])
      .then(function (got) {
        document.body.setAttribute("data-t-data", String(Math.round(performance.now())));
        setupMap(got[0], got[3]);
        takeEvents(got[1]);
        takeControl(got[2].features);
        fillChoices(got[4], got[5]);
        setupTimeline();
        fitToEvents();
        render();
        status("");
        var want = new URLSearchParams(location.search).get("event");
        if (want) { openEvent(want); }
      })
      .catch(function (err) { status("Could not load the data: " + (err && err.message ? err.message : String(err))); });
  }

  function setupMap(config, outline) {
    map = L.map("map", {zoomControl: true, minZoom: 3, maxZoom: 18})
      .setView([35.0, 40.0], 6);
    map.attributionControl.addAttribution("Outline: Natural Earth (public domain)");
    var hasTiles = Boolean(config.tile_url);
    outlineLayer = L.geoJSON(outline, {
      interactive: false,
      style: {color: "#6d7780", weight: 1, fillColor: "#eef0ea", fillOpacity: hasTiles ? 0 : 1}
    }).addTo(map);
    if (hasTiles) {
      var failed = 0;
      var tiles = L.tileLayer(config.tile_url, {attribution: config.tile_attribution || "", maxZoom: 18});
      tiles.on("tileerror", function () {
        failed += 1;
        if (failed === 4) {
          outlineLayer.setStyle({fillOpacity: 1});
          status("Base map tiles cannot be loaded; showing the country outline.");
        }
      });
      tiles.addTo(map);
      tiles.bringToBack();
    }
    controlLayer = L.layerGroup().addTo(map);
    eventLayer = L.layerGroup().addTo(map);
    map.on("moveend", drawEvents);
  }

  function takeEvents(table) {
    var F = {};
    table.fields.forEach(function (name, i) { F[name] = i; });
    var names = table.actors;
    state.events = table.rows.map(function (r) {  // rows come sorted by date, undated first
      var p = {id: r[F.id], type: r[F.type], mode: r[F.mode], date: r[F.date], lat: r[F.lat], lon: r[F.lon],
               place_id: r[F.place_id], place: r[F.place], certainty: r[F.certainty], control: r[F.control],
               sources: r[F.sources], grade: r[F.grade], fatalities: r[F.fatalities]};
      p.actors = parseRefs(r[F.actors], names);
      p.day = p.date ? dayOf(p.date) : null;
      if (p.lat !== null && p.lon !== null) {  // world pixels at zoom 0, scaled per zoom when clustering
        var w = L.CRS.EPSG3857.latLngToPoint(L.latLng(p.lat, p.lon), 0);
        p.px = w.x;
        p.py = w.y;
      }
      p.side = sideOf(p);
      p.actorText = p.actors.map(function (a) { return (a[0] + " " + (a[1] || "")).toLowerCase(); }).join(" | ");
      state.byId[p.id] = p;
      return p;
    });
  }

  var ROLE_RANK = {actor: 0, target: 1, associated: 2};
  function parseRefs(text, names) {  // 'role<US>id' items joined by <RS> -> [id, name, side, role]
    if (!text) { return []; }
    return text.split("\u001e").map(function (item) {
      var cut = item.indexOf("\u001f");
      var id = item.slice(cut + 1), n = names[id] || [null, null];
      return [id, n[0], n[1], item.slice(0, cut)];
    }).sort(function (a, b) { return (ROLE_RANK[a[3]] || 3) - (ROLE_RANK[b[3]] || 3); });
  }

  function fitToEvents() {
    var s = 90, n = -90, w = 180, e = -180, any = false;
    state.events.forEach(function (ev) {
      if (ev.lat === null || ev.lon === null) { return; }
      any = true;
      if (ev.lat < s) { s = ev.lat; } if (ev.lat > n) { n = ev.lat; }
      if (ev.lon < w) { w = ev.lon; } if (ev.lon > e) { e = ev.lon; }
    });
    if (any) { map.fitBounds([[s, w], [n, e]], {padding: [30, 30], maxZoom: 8, animate: false}); }
  }

  function takeControl(features) {
    state.control = {};
    features.forEach(function (f) {
      var p = f.properties;
      p.startDay = p.start ? dayOf(p.start) : null;
      p.endDay = p.end ? dayOf(p.end) : null;
      (state.control[p.place_id] = state.control[p.place_id] || []).push(p);
    });
  }

  function fillChoices(places, actors) {
    var types = {}, sides = {};
    state.events.forEach(function (e) { types[e.type] = 1; if (e.side) { sides[e.side] = 1; } });
    Object.keys(state.control).forEach(function (k) {
      state.control[k].forEach(function (p) { if (p.controller_side) { sides[p.controller_side] = 1; } });
    });
    Object.keys(types).sort().forEach(function (t) { $("f-type").appendChild(el("option", {value: t}, t)); });
    Object.keys(sides).sort().forEach(function (s) { $("f-side").appendChild(el("option", {value: s}, s)); });
    state.places = places;
    places.forEach(function (p) { if (p.name) { $("place-names").appendChild(el("option", {value: p.name})); } });
    actors.forEach(function (a) { if (a.name) { $("actor-names").appendChild(el("option", {value: a.name})); } });
    legend(Object.keys(types).sort(), Object.keys(sides).sort());
  }

  function legend(types, sides) {
    sides.forEach(function (s) {
      var li = el("li");
      var sw = el("span", {"class": "swatch", "aria-hidden": "true"});
      sw.style.background = sideColour(s);
      li.appendChild(sw);
      li.appendChild(document.createTextNode(s));
      $("legend-sides").appendChild(li);
    });
    types.forEach(function (t) {
      var li = el("li");
      li.appendChild(el("span", {"class": "ev-shape " + (SHAPES[t] || "circle"), "aria-hidden": "true"}));
      li.appendChild(document.createTextNode(t));
      $("legend-types").appendChild(li);
    });
  }

  // ------------------------------------------------------------------ timeline

  function setupTimeline() {
    var days = [];
    state.events.forEach(function (e) { if (e.day !== null) { days.push(e.day); } });
    Object.keys(state.control).forEach(function (k) {
      state.control[k].forEach(function (p) {
        if (p.startDay !== null) { days.push(p.startDay); }
        if (p.endDay !== null) { days.push(p.endDay); }
      });
    });
    var slider = $("slider");
    if (!days.length) { slider.disabled = true; $("play").disabled = true; return; }
    var at = new URLSearchParams(location.search).get("at");
    var atDay = at && /^\d{4}-\d{2}-\d{2}$/.test(at) ? dayOf(at) : NaN;
    if (!isNaN(atDay)) { days.push(atDay); }
    state.day0 = minOf(days);
    var last = maxOf(days) + TAIL_DAYS;  // a little past the last report: "and since then"
    state.nDays = last - state.day0;
    slider.max = String(state.nDays);
    var start = isNaN(atDay) ? state.nDays : atDay - state.day0;
    slider.value = String(Math.max(0, Math.min(state.nDays, start)));
    slider.addEventListener("input", render);
    $("play").addEventListener("click", togglePlay);
  }
  function minOf(a) { var m = Infinity; for (var i = 0; i < a.length; i++) { if (a[i] < m) { m = a[i]; } } return m; }
  function maxOf(a) { var m = -Infinity; for (var i = 0; i < a.length; i++) { if (a[i] > m) { m = a[i]; } } return m; }

  function currentDay() { return state.day0 + Number($("slider").value); }

  function togglePlay() {
    var btn = $("play");
    if (state.playing) {
      clearInterval(state.playing);
      state.playing = null;
      btn.textContent = "Play";
      btn.setAttribute("aria-pressed", "false");
      return;
    }
    var slider = $("slider");
    if (Number(slider.value) >= state.nDays) { slider.value = "0"; }
    btn.textContent = "Pause";
    btn.setAttribute("aria-pressed", "true");
    state.playing = setInterval(function () {
      var v = Number(slider.value) + Math.max(1, Math.round(state.nDays / 120));
      slider.value = String(Math.min(v, state.nDays));
      render();
      if (v >= state.nDays) { togglePlay(); }
    }, 400);
  }

  // ------------------------------------------------------------------ filters

  function filters() {
    var cert = {};
    Array.prototype.forEach.call(document.querySelectorAll("input[name=certainty]"), function (c) {
      if (c.checked) { cert[c.value] = true; }
    });
    return {type: $("f-type").value, side: $("f-side").value, actor: $("f-actor").value.trim().toLowerCase(),
            minSources: Math.max(0, Number($("f-sources").value) || 0), certainty: cert, day: currentDay()};
  }

  function matches(e, f) {
    if (e.day !== null && e.day > f.day) { return false; }
    if (f.type && e.type !== f.type) { return false; }
    if (!f.certainty[e.certainty]) { return false; }
    if ((e.sources || 0) < f.minSources) { return false; }
    if (f.side && !(e.actors || []).some(function (a) { return a[2] === f.side; })) { return false; }
    if (f.actor && e.actorText.indexOf(f.actor) < 0) { return false; }
    return true;
  }

  // ------------------------------------------------------------------ rendering

  function iconFor(e) {
    var shape = SHAPES[e.type] || "circle";
    var idx = sideIndex(e.side);
    var look = e.certainty === "claimed" ? "claimed" : (e.control === "contested" ? "contested" :
               (e.certainty === "hypothetical" ? "hypothetical" : "reported"));
    var key = shape + "|" + idx + "|" + look;
    if (!state.iconCache[key]) {
      state.iconCache[key] = L.divIcon({className: "ev " + shape + " s" + (idx < 0 ? "x" : idx) + " " + look,
                                        iconSize: [16, 16], html: ""});
    }
    return state.iconCache[key];
  }

  function markerFor(e) {
    var m = state.markers[e.id];
    if (!m) {
      var label = (e.date || "undated") + " " + e.type + (e.place ? " at " + e.place : "") +
                  (e.certainty !== "reported" ? " (" + e.certainty + ")" : "");
      m = L.marker([e.lat, e.lon], {icon: iconFor(e), title: label, alt: label, keyboard: true});
      m.on("click", function () { openEvent(e.id); });
      state.markers[e.id] = m;
    }
    return m;
  }

  function drawEvents() {
    if (!map) { return; }
    eventLayer.clearLayers();
    var scale = Math.pow(2, map.getZoom()) / CELL;
    var b = map.getBounds().pad(0.25), s = b.getSouth(), n = b.getNorth(), w = b.getWest(), e = b.getEast();
    var cells = {}, order = [], list = state.located;
    for (var i = 0; i < list.length; i++) {
      var ev = list[i];
      if (ev.lat < s || ev.lat > n || ev.lon < w || ev.lon > e) { continue; }
      var key = Math.floor(ev.px * scale) + ":" + Math.floor(ev.py * scale);
      var c = cells[key];
      if (!c) { c = cells[key] = {events: [], lat: 0, lon: 0}; order.push(c); }
      c.events.push(ev);
      c.lat += ev.lat;
      c.lon += ev.lon;
    }
    order.forEach(function (cell) {
      eventLayer.addLayer(cell.events.length === 1 ? markerFor(cell.events[0]) : clusterMarker(cell));
    });
    markReady(list.length);
  }

  function clusterMarker(cell) {
    var evs = cell.events, n = evs.length, count = {}, best = null;
    evs.forEach(function (e) {
      var k = e.side || "";
      count[k] = (count[k] || 0) + 1;
      if (best === null || count[k] > count[best]) { best = k; }
    });
    var size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 48;
    var idx = sideIndex(best);
    var icon = L.divIcon({className: "cluster s" + (idx < 0 ? "x" : idx), iconSize: [size, size],
                          html: "<span>" + String(n) + "</span>"});  // a count, never stored text
    var m = L.marker([cell.lat / n, cell.lon / n], {icon: icon, keyboard: true,
                                                    title: n + " events: open or zoom in", alt: n + " events"});
    m.on("click", function () {
      var onePlace = evs.every(function (e) { return e.place_id && e.place_id === evs[0].place_id; });
      if (onePlace) { openPlace(evs[0].place_id); return; }
      if (map.getZoom() >= 13) { openList(evs); return; }
      map.setView(m.getLatLng(), Math.min(map.getZoom() + 2, 18));
    });
    return m;
  }

  function markReady(n) {
    document.body.setAttribute("data-t-ready", String(Math.round(performance.now())));
    document.body.setAttribute("data-events-shown", String(n));
    document.body.setAttribute("data-ready", "true");
  }

  function render() {
    var f = filters();
    var iso = isoOf(f.day);
    $("date-label").textContent = state.nDays || state.events.length ? iso : "—";
    $("control-date").textContent = iso;
    var shown = state.events.filter(function (e) { return matches(e, f); });
    var located = shown.filter(function (e) { return e.lat !== null && e.lon !== null; });
    document.body.setAttribute("data-ready", "false");
    state.located = located;
    drawEvents();
    renderControl(f.day);
    renderList(shown);
    updateLinks(f, iso);
    var params = new URLSearchParams(location.search);
    params.set("at", iso);
    history.replaceState(null, "", "?" + params.toString());
  }

  function periodAt(periods, day) {
    for (var i = 0; i < periods.length; i++) {
      var p = periods[i];
      if ((p.startDay === null || p.startDay <= day) && (p.endDay === null || day < p.endDay)) { return p; }
    }
    return null;
  }

  function renderControl(day) {
    controlLayer.clearLayers();
    var list = $("control-list");
    list.textContent = "";
    Object.keys(state.control).sort(function (a, b) {
      return state.control[a][0].place_name.localeCompare(state.control[b][0].place_name, undefined, {numeric: true});
    }).forEach(function (pid) {
      var p = periodAt(state.control[pid], day);
      var li = el("li", {"data-place-id": pid, "data-controller-id": p ? (p.controller_id || "") : ""});
      var sw = el("span", {"class": "swatch ring " + (p ? p.status : "none"), "aria-hidden": "true"});
      sw.style.borderColor = p ? sideColour(p.controller_side) : "#bbb";
      li.appendChild(sw);
      var btn = el("button", {type: "button", "class": "link"}, state.control[pid][0].place_name);
      btn.addEventListener("click", function () { openPlace(pid); });
      li.appendChild(btn);
      li.appendChild(el("span", {"class": "controller"}, p ? (p.controller_name || "unknown") : "no record"));
      if (p && p.status !== "held") { li.appendChild(el("span", {"class": "badge " + p.status}, p.status)); }
      list.appendChild(li);
      if (p && p.lat !== null && p.lon !== null) {
        var ring = L.circleMarker([p.lat, p.lon], {
          radius: 18, color: sideColour(p.controller_side), weight: 4, opacity: 0.9,
          fillColor: sideColour(p.controller_side), fillOpacity: p.status === "held" ? 0.25 : 0.08,
          dashArray: p.status === "held" ? null : (p.status === "claimed" ? "6 5" : "2 4"), interactive: true,
          bubblingMouseEvents: false
        });
        var tip = el("span", {}, p.place_name + ": " + (p.controller_name || "unknown") + " (" + p.status + ")");
        ring.bindTooltip(tip, {direction: "top"});
        ring.on("click", function () { openPlace(pid); });
        controlLayer.addLayer(ring);
      }
    });
  }

  function renderList(shown) {
    var list = $("event-list");
    list.textContent = "";
    $("event-count").textContent = String(shown.length);
    var latest = shown.slice(-MAX_LIST).reverse();
    latest.forEach(function (e) {
      var li = el("li", {"class": "ev-row " + e.certainty + (e.control === "contested" ? " contested" : "")});
      var btn = el("button", {type: "button", "class": "link", "data-event-id": e.id});
      var mark = el("span", {"class": "ev-shape " + (SHAPES[e.type] || "circle"), "aria-hidden": "true"});
      mark.style.background = sideColour(e.side);
      btn.appendChild(mark);
      btn.appendChild(el("span", {"class": "when"}, e.date || "undated"));
      btn.appendChild(el("span", {"class": "what"}, e.type + (e.mode ? "/" + e.mode : "")));
      btn.appendChild(el("span", {"class": "where"}, e.place || "unplaced"));
      if (e.certainty !== "reported") { btn.appendChild(el("span", {"class": "badge " + e.certainty}, e.certainty)); }
      btn.addEventListener("click", function () { openEvent(e.id, btn); });
      li.appendChild(btn);
      list.appendChild(li);
    });
    var more = $("event-more");
    more.hidden = shown.length <= MAX_LIST;
    more.textContent = "Showing the latest " + MAX_LIST + " of " + shown.length + ".";
  }

  function updateLinks(f, iso) {
    var q = new URLSearchParams();
    q.set("date_to", iso);
    if (f.type) { q.set("type", f.type); }
    if (f.side) { q.set("side", f.side); }
    if (f.actor) { q.set("actor", f.actor); }
    if (f.minSources > 1) { q.set("min_sources", String(f.minSources)); }
    Object.keys(f.certainty).forEach(function (c) { q.append("certainty", c); });
    $("dl-csv").setAttribute("href", "/api/events.csv?" + q.toString());
    $("dl-jsonl").setAttribute("href", "/api/events.jsonl?" + q.toString());
  }

  // ------------------------------------------------------------------ panel

  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }

  function showPanel(build, opener) {
    var body = $("panel-body");
    body.textContent = "";
    build(body);
    var panel = $("panel");
    panel.hidden = false;
    state.lastFocus = opener || document.activeElement;
    var title = $("panel-title");
    (title || panel).focus();
  }

  function closePanel() {
    $("panel").hidden = true;
    if (state.lastFocus && document.body.contains(state.lastFocus)) { state.lastFocus.focus(); }
  }

  function row(dl, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    dl.appendChild(el("dt", {}, label));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }

  function names(list) {
    return (list || []).map(function (a) { return a.name + (a.side ? " (" + a.side + ")" : ""); }).join(", ");
  }

  function showOnMap(lat, lon, zoom) {  // centred in the part of the map the panel leaves free
    if (!map) { return; }
    var z = zoom || map.getZoom(), panel = $("panel"), dx = 0, dy = 0;
    var mr = map.getContainer().getBoundingClientRect(), pr = panel.getBoundingClientRect();
    if (!panel.hidden && window.innerWidth > 700) {  // panel on the right: use the strip left of it
      dx = mr.width / 2 - Math.max(60, pr.left - mr.left) / 2;
    } else if (!panel.hidden) {  // bottom sheet: use the strip above it
      dy = mr.height / 2 - Math.max(60, Math.min(mr.bottom, pr.top) - mr.top) / 2;
    }
    var pt = map.project([lat, lon], z).add([dx, dy]);
    map.setView(map.unproject(pt, z), z);
  }

  function openEvent(id, opener) {
    getJSON("/api/events/" + encodeURIComponent(id)).then(function (ev) {
      showPanel(function (body) { eventView(body, ev); }, opener);
      var e = state.byId[id];
      if (e && e.lat !== null) { showOnMap(e.lat, e.lon); }
    }).catch(function (err) { status("Could not open the event: " + err.message); });
  }

  function eventView(body, ev) {
    var look = ev.certainty === "claimed" ? "claimed" : (ev.control && ev.control.status === "contested" ?
               "contested" : ev.certainty);
    $("panel").className = "panel " + look;
    body.appendChild(el("h2", {id: "panel-title", tabindex: "-1"},
                        ev.type + (ev.mode ? " / " + ev.mode : "") + (ev.place ? " — " + ev.place.name : "")));
    var badge = el("p", {"class": "badge big " + look},
                   ev.certainty === "claimed" ? "Claimed" + (ev.claimed_by ? " by " + ev.claimed_by : "") :
                   (look === "contested" ? "Contested" : ev.certainty === "hypothetical" ? "Hypothetical" :
                   "Reported"));
    body.appendChild(badge);
    var dl = el("dl", {"class": "facts"});
    row(dl, "Date", (ev.date || "unknown") + (ev.date_precision ? " (" + ev.date_precision + ")" : ""));
    row(dl, "ACLED", [ev.acled_event_type, ev.acled_sub_event_type].filter(Boolean).join(" / "));
    row(dl, "Actors", names(ev.actors));
    row(dl, "Targets", names(ev.targets));
    row(dl, "Also", names(ev.associated));
    if (ev.place) {
      var p = ev.place;
      row(dl, "Place", p.name + (p.country ? ", " + p.country : "") + (p.admin1 ? " (" + p.admin1 + ")" : "") +
          (p.located === false ? " — not in the gazetteer, placed by context" : "") +
          (p.precision && p.precision !== "point" ? " — " + p.precision : ""));
    }
    row(dl, "Toll", ev.fatalities === null ? "not reported" : ev.fatalities + " killed");
    if (ev.control) {
      row(dl, "Control", ev.control.status + (ev.control.gained_by ? " by " + ev.control.gained_by.name : "") +
          (ev.control.lost_by ? " from " + ev.control.lost_by.name : ""));
    }
    row(dl, "Grade", ev.grade || "—");
    row(dl, "Sources", ev.sources + " outlet(s), " + ev.independent_sources + " independent");
    row(dl, "Certainty", ev.certainty + (ev.claimed_by ? " — claimed by " + ev.claimed_by : ""));
    body.appendChild(dl);
    body.appendChild(el("h3", {}, ev.mentions.length + " mention" + (ev.mentions.length === 1 ? "" : "s")));
    var ul = el("ul", {"class": "mentions plain", id: "mentions"});
    ev.mentions.forEach(function (m) { ul.appendChild(mentionItem(m)); });
    body.appendChild(ul);
  }

  function mentionItem(m) {
    var li = el("li", {"class": "mention"});
    var head = el("p", {"class": "meta"});
    head.appendChild(el("strong", {"class": "outlet"}, m.outlet || "unknown outlet"));
    head.appendChild(el("span", {"class": "lang"}, m.language || "?"));
    if (m.published) { head.appendChild(el("span", {}, m.published)); }
    li.appendChild(head);
    var rtl = m.language === "ar" || m.language === "fa" || m.language === "he" || m.language === "ur";
    var quote = el("blockquote", {lang: m.language || "", dir: rtl ? "rtl" : "auto"}, m.text);
    li.appendChild(quote);
    var url = safeUrl(m.url);
    if (url) {
      var a = el("a", {href: url, target: "_blank", rel: "noopener noreferrer nofollow"},
                 m.title ? "Source: " + m.title : "Source");
      li.appendChild(a);
    } else {
      li.appendChild(el("span", {"class": "note"}, "Article " + m.article_id + " (no link stored)"));
    }
    return li;
  }

  function openPlace(pid, opener) {
    var evs = state.events.filter(function (e) { return e.place_id === pid; });
    var periods = state.control[pid] || [];
    var name = periods.length ? periods[0].place_name : (evs.length ? evs[0].place : pid);
    var pt = periods.find(function (p) { return p.lat !== null; }) || evs.find(function (e) { return e.lat !== null; });
    showPanel(function (body) {
      $("panel").className = "panel place";
      body.appendChild(el("h2", {id: "panel-title", tabindex: "-1"}, name));
      if (periods.length) {
        body.appendChild(el("h3", {}, "Control"));
        var ol = el("ol", {"class": "history plain"});
        periods.slice().sort(function (a, b) { return (a.start || "").localeCompare(b.start || ""); })
          .forEach(function (p) {
            var li = el("li", {"class": p.status});
            var sw = el("span", {"class": "swatch ring " + p.status, "aria-hidden": "true"});
            sw.style.borderColor = sideColour(p.controller_side);
            li.appendChild(sw);
            li.appendChild(el("span", {}, (p.start || "…") + " → " + (p.end || "…") + ": " +
                                          (p.controller_name || "unknown") + " (" + p.status + ")"));
            ol.appendChild(li);
          });
        body.appendChild(ol);
      }
      body.appendChild(el("h3", {}, evs.length + " event" + (evs.length === 1 ? "" : "s") + " here"));
      body.appendChild(eventButtons(evs));
    }, opener);
    if (pt) { showOnMap(pt.lat, pt.lon, Math.max(map.getZoom(), 9)); }
  }

  function openList(evs) {
    showPanel(function (body) {
      $("panel").className = "panel place";
      body.appendChild(el("h2", {id: "panel-title", tabindex: "-1"}, evs.length + " events here"));
      body.appendChild(eventButtons(evs));
    });
  }

  function eventButtons(evs) {
    var ul = el("ul", {"class": "plain"});
    evs.slice().reverse().slice(0, MAX_LIST).forEach(function (e) {
      var b = el("button", {type: "button", "class": "link", "data-event-id": e.id},
                 (e.date || "undated") + " · " + e.type + (e.place ? " · " + e.place : "") +
                 (e.certainty !== "reported" ? " · " + e.certainty : ""));
      b.addEventListener("click", function () { openEvent(e.id, b); });
      var li = el("li");
      li.appendChild(b);
      ul.appendChild(li);
    });
    return ul;
  }

  function searchPlace(ev) {
    ev.preventDefault();
    var q = $("place-q").value.trim().toLowerCase();
    if (!q) { return; }
    var hit = state.places.find(function (p) { return (p.name || "").toLowerCase() === q; }) ||
              state.places.find(function (p) { return (p.name || "").toLowerCase().indexOf(q) >= 0; });
    if (!hit) { status("No place called " + $("place-q").value.trim() + " in this store."); return; }
    status("");
    openPlace(hit.id, $("place-q"));
  }

  // ------------------------------------------------------------------ wiring

  function wire() {
    ["f-type", "f-side", "f-sources"].forEach(function (id) { $(id).addEventListener("change", render); });
    $("f-actor").addEventListener("input", debounce(render, 200));
    Array.prototype.forEach.call(document.querySelectorAll("input[name=certainty]"), function (c) {
      c.addEventListener("change", render);
    });
    $("panel-close").addEventListener("click", closePanel);
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !$("panel").hidden) { closePanel(); }
    });
    $("place-search").addEventListener("submit", searchPlace);
    $("toggle-sidebar").addEventListener("click", function () {
      var open = document.body.classList.toggle("sidebar-closed") === false;
      this.setAttribute("aria-expanded", String(open));
      if (map) { setTimeout(function () { map.invalidateSize(); }, 50); }
    });
  }

  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  wire();
  load();
}());

// aizone's kept-mounted map (aizone/ui/livemap.py explains the design): a Streamlit components v2 module,
// served from this folder by Streamlit (/_stcore/bidi-components/aizone.livemap/livemap.js) and cached by the
// browser; each render carries only the figure. plotly.js is loaded from the app's static folder (data.src),
// placed there at install time by `python -m aizone.ui.vendor`.
const HIT_LAYER = 'aizone-hit-layer';  // figures.maps.HIT_LAYER (tests/test_install_assets.py checks)
const LOADS = (window.__aizonePlotlyLoads = window.__aizonePlotlyLoads || {});

function loadPlotly(src) {
  if (window.Plotly && window.__aizonePlotlySrc === src) return Promise.resolve(window.Plotly);
  if (!LOADS[src]) {
    LOADS[src] = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.async = true;
      s.onload = () => { window.__aizonePlotlySrc = src; resolve(window.Plotly); };
      s.onerror = () => { delete LOADS[src]; s.remove(); reject(new Error(src)); };
      document.head.appendChild(s);
    });
  }
  return LOADS[src];
}

function pointOf(p) {
  const out = {curve_number: p.curveNumber, point_number: p.pointNumber, point_index: p.pointIndex};
  if (p.location !== undefined) out.location = p.location;
  if (p.customdata !== undefined) out.customdata = p.customdata;
  if (p.lon !== undefined) { out.lon = p.lon; out.lat = p.lat; }
  return out;
}

// --- two planes: what answers the pointer on top, what is only painted underneath
function onTop(tr) {  // 'skip' is the only hoverinfo that makes plotly ignore the pointer ('none' still clicks)
  return (tr.geo || 'geo') === 'geo' && (tr.type === 'scattergeo' || tr.type === 'choropleth') && tr.hoverinfo !== 'skip';
}

function first(v, key) {  // a legend swatch shows a trace's first point
  if (Array.isArray(v)) return key === 'colorscale' ? v : v[0];
  // keys sorted: the base is compared as JSON, and two builds of one swatch may list them in any order
  if (v && typeof v === 'object') { const o = {}; for (const k of Object.keys(v).sort()) o[k] = first(v[k], k); return o; }
  return v;
}

function swatch(tr) {  // the legend entry of a top trace, drawn in the base plane's legend
  const mode = String(tr.mode || 'markers').split('+').filter((m) => m !== 'text').join('+') || 'markers';
  // one blank point: a layer that is on but has no point on this date keeps its entry (plotly would drop
  // a trace without points from the legend, and the reader could not tell "none yet" from "off")
  const s = {type: 'scattergeo', geo: 'geo', lon: [null], lat: [null], mode, hoverinfo: 'skip', name: tr.name};
  for (const k of ['marker', 'line', 'opacity', 'visible', 'showlegend', 'legend', 'legendgroup',
                   'legendgrouptitle', 'legendrank', 'legendwidth']) {
    if (tr[k] !== undefined) s[k] = first(tr[k], k);
  }
  if (tr.type === 'choropleth') {  // none of our maps has one: a square in the area's colour stands in
    const scale = tr.colorscale || [[1, '#999']];
    s.mode = 'markers';
    s.marker = {symbol: 'square', size: 12, color: scale[scale.length - 1][1], line: first((tr.marker || {}).line)};
  }
  return s;
}

function isHit(tr) {  // the layer that names the unit under the pointer (figures.maps.HIT_LAYER)
  return tr.type === 'choropleth' && tr.meta === HIT_LAYER && (tr.geo || 'geo') === 'geo';
}

function paintOnly(tr) {  // its edges, painted with the areas: nothing left in it changes with the date
  const out = Object.assign({}, tr, {hoverinfo: 'skip'});
  for (const k of ['hovertext', 'text', 'customdata', 'hovertemplate', 'meta']) delete out[k];
  return out;
}

function planes(fig) {
  const base = [], top = [], mirror = [];  // mirror: [base index of a swatch, top index of its trace]
  let hit = null;  // {trace, index}: the hit layer, found under the pointer by this script (below)
  fig.data.forEach((tr, index) => {
    if (isHit(tr)) { hit = {trace: tr, index}; base.push(paintOnly(tr)); return; }
    if (!onTop(tr)) { base.push(tr); return; }
    if (tr.showlegend !== false) mirror.push([base.push(swatch(tr)) - 1, top.length]);
    top.push(tr);
  });
  return {base, top, mirror, hit};
}

// --- the hit layer, without plotly: its 370 polygons on the markers' chart were most of each date step's
// redraw (~80 of ~110 ms). Its geometry never changes; its hover text does. So the polygons are indexed once,
// the pointer is projected back to lon/lat with the top chart's own projection, and the label is drawn with
// plotly's Fx.loneHover in plotly's style. A marker under the pointer wins, as it did in plotly's hover.
function geojsonOf(src) {  // plotly fetched it for the base plane, which paints the same layer's edges
  if (typeof src !== 'string') return src;
  const held = (window.PlotlyGeoAssets || {})[src];
  return held && typeof held === 'object' ? held : null;
}

function featureId(f, key) {
  return String(key === 'id' ? f.id : key.split('.').reduce((o, k) => (o == null ? o : o[k]), f));
}

function indexPolygons(geojson, tr) {  // [{i, rings, box}], i = the location's index in the trace
  const key = tr.featureidkey || 'id', byId = new Map(), out = [];
  for (const f of geojson.features || []) byId.set(featureId(f, key), f);
  (tr.locations || []).forEach((loc, i) => {
    const g = (byId.get(String(loc)) || {}).geometry;
    if (!g) return;
    for (const rings of g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []) {
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [x, y] of rings[0]) {
        box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
      }
      out.push({i, rings, box});
    }
  });
  return out;
}

function inside(rings, x, y) {  // even-odd over all rings: a hole flips the answer back
  let yes = false;
  for (const ring of rings) {
    for (let j = 0, k = ring.length - 1; j < ring.length; k = j++) {
      const [xj, yj] = ring[j], [xk, yk] = ring[k];
      if ((yj > y) !== (yk > y) && x < (xk - xj) * (y - yj) / (yk - yj) + xj) yes = !yes;
    }
  }
  return yes;
}

function lonLatAt(top, ev) {  // the pointer on the top chart's main map, or null off it
  const geo = top._fullLayout && top._fullLayout.geo && top._fullLayout.geo._subplot;
  const svg = top.querySelector('.main-svg');
  if (!geo || !geo.projection || !geo.bgRect || !svg) return null;
  const bg = geo.bgRect.node().getBoundingClientRect();
  if (ev.clientX < bg.left || ev.clientX > bg.right || ev.clientY < bg.top || ev.clientY > bg.bottom) return null;
  const page = svg.getBoundingClientRect();  // plotly's geo projection works in the chart's own pixels
  const ll = geo.projection.invert([ev.clientX - page.left, ev.clientY - page.top]);
  return ll && isFinite(ll[0]) && isFinite(ll[1]) ? ll : null;
}

function hitAt(stack, ev) {  // the hit layer's point index under the pointer, or -1
  const hit = stack.__hit;
  if (!hit || !hit.polygons) return -1;
  const ll = lonLatAt(stack.__top, ev);
  if (!ll) return -1;
  const [x, y] = ll;
  for (const p of hit.polygons) {
    if (x >= p.box[0] && x <= p.box[2] && y >= p.box[1] && y <= p.box[3] && inside(p.rings, x, y)) return p.i;
  }
  return -1;
}

function markerHovered(top) { return !!(top._hoverdata && top._hoverdata.length); }

function hideLabel(stack) { stack.__labels.textContent = ''; }

function showLabel(stack) {  // the hover of the unit under the pointer, unless plotly shows a marker's
  hideLabel(stack);
  const ev = stack.__pointer, top = stack.__top;
  if (!ev || markerHovered(top) || !stack.__hit) return;
  const i = hitAt(stack, ev);
  if (i < 0) return;
  const tr = stack.__hit.trace, text = (tr.hovertext || tr.text || [])[i];
  if (text == null || text === '') return;
  const full = top._fullLayout, hl = Object.assign({}, full.hoverlabel || {}, tr.hoverlabel || {});
  const font = Object.assign({}, (full.hoverlabel || {}).font || {}, (tr.hoverlabel || {}).font || {});
  const box = stack.getBoundingClientRect();
  window.Plotly.Fx.loneHover({
    x: ev.clientX - box.left, y: ev.clientY - box.top, text: String(text),
    // plotly's label for a transparent area: its default line colour, and white type and edge on it
    color: hl.bgcolor || '#444', borderColor: hl.bordercolor, textAlign: hl.align,
    fontFamily: font.family, fontSize: font.size, fontColor: font.color,
  }, {container: stack.__labels, outerContainer: stack.__overlay, gd: top});
}

function setHits(stack, hit) {  // the polygons are indexed again only when the layer's geometry changed
  const prev = stack.__hit;
  if (!hit) { stack.__hit = null; return; }
  const key = JSON.stringify([hit.trace.geojson, hit.trace.locations, hit.trace.featureidkey || 'id']);
  stack.__hit = {trace: hit.trace, index: hit.index, key, polygons: prev && prev.key === key ? prev.polygons : null};
  if (stack.__hit.polygons) return;
  const gj = geojsonOf(hit.trace.geojson);
  if (gj) stack.__hit.polygons = indexPolygons(gj, hit.trace);
  else console.warn('aizone: the hover layer has no boundaries', hit.trace.geojson);
}

const BASE_ONLY = ['title', 'annotations', 'images', 'shapes', 'updatemenus', 'sliders'];
const BARE_GEO = {showland: false, showocean: false, showlakes: false, showrivers: false, showcountries: false,
                  showcoastlines: false, showsubunits: false, showframe: false, bgcolor: 'rgba(0,0,0,0)'};

function topLayout(layout, base) {  // the same page box and projection as the base, nothing painted twice
  const full = base._fullLayout, size = full._size;
  const out = {};
  for (const k in layout) if (!BASE_ONLY.includes(k) && !/^geo\d+$/.test(k)) out[k] = layout[k];
  const geo = layout.geo || {};
  out.geo = Object.assign({}, geo, BARE_GEO, {
    lataxis: Object.assign({}, geo.lataxis, {showgrid: false}),
    lonaxis: Object.assign({}, geo.lonaxis, {showgrid: false}),
  });
  return Object.assign(out, {
    showlegend: false, paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
    autosize: false, width: full.width, height: full.height,
    margin: {l: size.l, r: size.r, t: size.t, b: size.b, pad: (layout.margin || {}).pad || 0, autoexpand: false},
  });
}

function fitTop(stack) {  // after the base changed size (a window resize), the top follows
  const base = stack.__base, top = stack.__top;
  if (stack.__busy || !base._fullLayout || !top._fullLayout) return;
  const full = base._fullLayout, s = full._size, t = top._fullLayout, m = t.margin;
  if (t.width === full.width && t.height === full.height && m.l === s.l && m.r === s.r && m.t === s.t && m.b === s.b) return;
  window.Plotly.relayout(top, {width: full.width, height: full.height,
                               'margin.l': s.l, 'margin.r': s.r, 'margin.t': s.t, 'margin.b': s.b});
}

function showHidden(stack) {  // a legend click hides a swatch in the base: hide its trace on top too
  const base = stack.__base, top = stack.__top, idx = [], vis = [];
  for (const [b, t] of stack.__mirror || []) {
    const want = base.data[b] ? (base.data[b].visible === undefined ? true : base.data[b].visible) : true;
    const now = top.data && top.data[t] ? (top.data[t].visible === undefined ? true : top.data[t].visible) : true;
    if (want !== now) { idx.push(t); vis.push(want); }
  }
  if (idx.length) window.Plotly.restyle(top, {visible: vis}, idx);
}

function saveImage(stack) {  // the modebar's camera: both planes in one picture
  const Plotly = window.Plotly, base = stack.__base, top = stack.__top;
  const opts = {format: 'png', width: base._fullLayout.width, height: base._fullLayout.height, scale: 2};
  Promise.all([Plotly.toImage(base, opts), Plotly.toImage(top, opts)]).then((urls) => Promise.all(urls.map((u) => new Promise((ok, bad) => {
    const img = new Image(); img.onload = () => ok(img); img.onerror = bad; img.src = u;
  })))).then(([a, b]) => {
    const c = document.createElement('canvas');
    c.width = a.naturalWidth; c.height = a.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(a, 0, 0); ctx.drawImage(b, 0, 0);
    const link = document.createElement('a');  // named by the server, in the reader's language (livemap.py)
    link.download = ((stack.__image || {}).filename || 'map') + '.png'; link.href = c.toDataURL('image/png');
    document.body.appendChild(link); link.click(); link.remove();
  });
}

function redraw(stack, plane, part, draw) {  // draw the plane unless its part is the one drawn last
  const key = JSON.stringify(part);
  if (stack.__drawn[plane] === key) return Promise.resolve();
  return draw().then(() => { stack.__drawn[plane] = key; });
}

function bind(stack) {
  const base = stack.__base, top = stack.__top;
  top.on('plotly_click', (ev) => {
    const points = (ev && ev.points ? ev.points : []).map(pointOf);
    stack.__trigger('select', {selection: {points}});
  });
  // the hit layer: plotly's geo listens on its background for the pointer, and those events bubble up here
  top.addEventListener('mousemove', (ev) => { stack.__pointer = ev; showLabel(stack); });
  top.addEventListener('mouseleave', () => { stack.__pointer = null; hideLabel(stack); });
  top.on('plotly_hover', () => hideLabel(stack));  // a marker's label replaces the area's
  top.on('plotly_unhover', () => showLabel(stack));
  top.addEventListener('click', (ev) => {  // after plotly's own click handler: a marker has been reported
    if (markerHovered(top)) return;
    const i = hitAt(stack, ev);
    if (i < 0) return;
    const tr = stack.__hit.trace;
    const p = {curve_number: stack.__hit.index, point_number: i, point_index: i, location: tr.locations[i]};
    if (tr.customdata) p.customdata = tr.customdata[i];
    stack.__trigger('select', {selection: {points: [p]}});
  });
  top.on('plotly_relayout', (ev) => {  // a zoom on top (wheel or modebar) moves the base with it
    const upd = {};
    for (const k in ev) if (k === 'geo' || k.startsWith('geo.')) upd[k] = ev[k];
    if (Object.keys(upd).length) window.Plotly.relayout(base, upd);
  });
  base.on('plotly_afterplot', () => fitTop(stack));
  base.on('plotly_restyle', () => showHidden(stack));
}

export function render(component, data) {  // data: the payload, unpacked
  const { parentElement, setTriggerValue } = component;
  let stack = parentElement.querySelector('.aizone-livemap-stack');
  if (!stack) {
    stack = document.createElement('div');
    stack.className = 'aizone-livemap-stack';
    stack.__base = document.createElement('div');
    stack.__base.className = 'aizone-livemap-base';
    stack.__top = document.createElement('div');
    stack.__top.className = 'aizone-livemap';
    stack.__drawn = {};  // plane -> JSON of the part it drew last
    // the hit layer's label: its own layer, as plotly clears its hover layer on every move off a marker
    const holder = document.createElement('div');  // the HTML parser puts <svg> in SVG's namespace
    holder.innerHTML = '<svg class="aizone-livemap-hover"><g class="hoverlayer"></g></svg>';
    stack.__overlay = holder.firstChild;
    stack.__labels = stack.__overlay.firstChild;
    stack.append(stack.__base, stack.__top, stack.__overlay);
    parentElement.appendChild(stack);
  }
  const base = stack.__base, top = stack.__top;
  stack.__trigger = setTriggerValue;  // a click reports through the latest render's channel
  stack.__image = data.image || {};  // the camera's file name: read when clicked, so a date step needs no redraw
  const seq = (stack.__seq = (stack.__seq || 0) + 1);
  // One render at a time: a geo chart reacted again while its boundary file is still on its way ends up
  // with no areas at all. A render that waited, and is no longer the newest, draws nothing.
  stack.__chain = (stack.__chain || Promise.resolve()).then(() => loadPlotly(data.src)).then((Plotly) => {
    if (seq !== stack.__seq) return;  // a newer figure arrived meanwhile
    const p = planes(data.figure);
    hideLabel(stack);  // it may name what the last figure said
    const baseConfig = Object.assign({}, data.config, {displayModeBar: false});
    stack.__busy = true;
    // each plane is redrawn only when its part changed: a date step usually changes the top alone
    return redraw(stack, 'base', [p.base, data.figure.layout, baseConfig],
                  () => Plotly.react(base, p.base, data.figure.layout, baseConfig)).then(() => {
      setHits(stack, p.hit);  // after the base: plotly holds the hit layer's boundaries, fetched for its edges
      if (seq !== stack.__seq) return;
      for (const [b, t] of p.mirror) {  // keep what the legend has hidden
        if (base.data[b] && base.data[b].visible === 'legendonly') p.top[t] = Object.assign({}, p.top[t], {visible: 'legendonly'});
      }
      stack.__mirror = p.mirror;
      const topConfig = Object.assign({}, data.config, {
        responsive: false,
        modeBarButtonsToRemove: [...(data.config.modeBarButtonsToRemove || []), 'toImage'],
        modeBarButtonsToAdd: [{name: 'toImage', title: stack.__image.title || 'Download plot as a png', icon: Plotly.Icons.camera,
                               click: () => saveImage(stack)}],
      });
      return redraw(stack, 'top', [p.top, data.figure.layout, data.config],
                    () => Plotly.react(top, p.top, topLayout(data.figure.layout, base), topConfig));
    }).then(() => {
      stack.__busy = false;
      if (seq !== stack.__seq) return;  // the newer render, queued behind this one, finishes the job
      fitTop(stack);  // a top left as it was still follows a base that changed size (a boundary toggle)
      showLabel(stack);  // under a still pointer, the hover says what the new figure says
      if (!stack.__bound) { stack.__bound = true; bind(stack); }
      // once the frame holding this figure has been painted (the second frame callback runs after it)
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (seq === stack.__seq) top.setAttribute('data-figure', data.tag);
      }));
    });
  }).catch((err) => {
    stack.__busy = false;
    top.removeAttribute('data-figure');
    base.textContent = data.failed + ' (' + String(err && err.message || err) + ')';
  });
  return () => {
    if (window.Plotly && stack.__bound) { window.Plotly.purge(top); window.Plotly.purge(base); }
    stack.__bound = false;
    stack.__drawn = {};
  };
}

function unpack(raw) {
  if (raw instanceof Uint8Array) return JSON.parse(new TextDecoder().decode(raw));
  if (raw instanceof ArrayBuffer) return JSON.parse(new TextDecoder().decode(new Uint8Array(raw)));
  return typeof raw === 'string' ? JSON.parse(raw) : raw;
}

export default function (component) {
  return render(component, unpack(component.data));
}

// Lanekeeper dashboard: one WebSocket, a snapshot on connect, then live facts.
// Every text that comes from the controller (plates, names, reasons) goes in through textContent:
// a plate read as "<script>" must show as those characters, never run.

const MAX_ITEMS = 30;
const MAX_BACKOFF_MS = 30000;

const lanes = new Map(); // lane id -> {card, lane, gate, camera}
const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function cropImage(base64) {
  if (typeof base64 !== 'string' || !/^[A-Za-z0-9+/=]+$/.test(base64)) {
    return el('span', 'no-crop', 'no crop');
  }
  const img = el('img');
  img.alt = 'plate crop';
  img.src = 'data:image/jpeg;base64,' + base64;
  return img;
}

function time(iso) {
  const d = iso ? new Date(iso) : null;
  return d && !isNaN(d) ? d.toLocaleTimeString() : '';
}

function ago(iso) {
  const d = iso ? Date.parse(iso) : NaN;
  if (isNaN(d)) return '–';
  const s = Math.max(0, Math.round((Date.now() - d) / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : time(iso);
}

function percent(x) {
  return typeof x === 'number' ? `${Math.round(x * 100)} %` : '';
}

/** The matcher's machine-readable reason in words. */
export function reasonText(reason) {
  const r = String(reason ?? '').trim();
  if (r === 'exact') return 'exact match';
  const fuzzy = /^fuzzy d=(\d+)\s*(.*)$/.exec(r);
  if (fuzzy) {
    const n = Number(fuzzy[1]);
    const subs = fuzzy[2].replaceAll('->', '→');
    return `fuzzy match, ${n} character${n === 1 ? '' : 's'}` + (subs ? ` (${subs})` : '');
  }
  const words = {
    unknown: 'unknown plate',
    ambiguous: 'ambiguous: several registered plates are close',
    deny: 'on the deny list',
    denied: 'on the deny list',
    blacklist: 'on the deny list',
    expired: 'registration expired',
    'not-yet-valid': 'registration not valid yet',
    schedule: 'outside its schedule',
    lane: 'not allowed on this lane',
    full: 'car park full',
    antipassback: 'already inside (anti-passback)',
    pass: 'visitor pass',
  };
  return words[r] ?? r.replace(/[-_]+/g, ' ');
}

// ---- lanes ----

function laneCard(id) {
  let entry = lanes.get(id);
  if (!entry) {
    const card = $('lane-template').content.firstElementChild.cloneNode(true);
    $('lanes').append(card);
    entry = { card, lane: { id }, gate: null, camera: null };
    lanes.set(id, entry);
  }
  return entry;
}

function renderLane(entry) {
  const { card, lane, gate, camera } = entry;
  card.querySelector('.lane-name').textContent = lane.name || lane.id;
  card.querySelector('.lane-direction').textContent = lane.direction || '';
  const badge = card.querySelector('.gate-state');
  const state = gate?.state || 'unknown';
  badge.textContent = state;
  badge.className = 'badge gate-state gate-' + state.replace(/[^a-z]/g, '');
  card.classList.toggle('camera-down', !!camera && !camera.up);
  card.querySelector('.camera').textContent = camera
    ? `${camera.up ? 'up' : 'down'} · ${Number(camera.fps || 0).toFixed(1)} fps · ${camera.source || ''}`
    : 'no status yet';
  card.querySelector('.last-frame').textContent = camera ? ago(camera.lastFrameAt) : '–';
  card.querySelector('.camera-errors').textContent = camera
    ? `${camera.errors ?? 0}${camera.lastError ? ' – ' + camera.lastError : ''}` : '–';
}

function setLanes(list, gates, cameras) {
  lanes.clear();
  $('lanes').replaceChildren();
  for (const lane of list || []) {
    const entry = laneCard(lane.id);
    entry.lane = lane;
    entry.gate = gates?.[lane.id] ?? lane.gate ?? null;
    entry.camera = cameras?.[lane.id] ?? lane.camera ?? null;
    renderLane(entry);
  }
}

// ---- feeds ----

function prepend(listId, item) {
  const list = $(listId);
  list.querySelector('.empty')?.remove();
  list.prepend(item);
  while (list.children.length > MAX_ITEMS) list.lastElementChild.remove();
}

function readItem(read) {
  const li = el('li');
  li.append(cropImage(read.crop), el('span', 'plate', read.plate));
  const box = Array.isArray(read.box) ? `box ${read.box.join(', ')}` : '';
  li.append(el('span', 'meta', `${percent(read.confidence)} · ${box}`));
  li.append(el('span', 'meta', `${read.lane ?? ''} · ${time(read.capturedAt)}`));
  return li;
}

/** A decision from the bus (AccessDecision) or from the history (an event row), drawn alike. */
function decisionItem(d) {
  const vehicle = d.vehicle || {};
  const plate = vehicle.plate ?? d.plate;
  const crop = vehicle.best?.crop;
  const li = el('li');
  li.append(crop ? cropImage(crop) : cropUrlImage(d.cropUrl));
  const head = el('span');
  head.append(el('span', 'plate', plate), ' ',
    el('span', 'badge ' + (d.allowed ? 'allowed' : 'refused'), d.allowed ? 'allowed' : 'refused'));
  li.append(head);
  li.append(el('span', 'meta', reasonText(d.reason)));
  const reads = vehicle.nReads ?? d.nReads;
  li.append(el('span', 'meta', `${d.lane ?? ''} · ${reads ?? '?'} read${reads === 1 ? '' : 's'} · ${time(d.decidedAt)}`));
  return li;
}

function cropUrlImage(url) {
  if (typeof url !== 'string' || !url.startsWith('/api/events/')) return el('span', 'no-crop', 'no crop');
  const img = el('img');
  img.alt = 'plate crop';
  img.loading = 'lazy';
  img.src = url;
  return img;
}

function emptyNote(listId, text) {
  $(listId).replaceChildren(el('li', 'empty', text));
}

// ---- live connection ----

const handlers = {
  snapshot(m) {
    setLanes(m.lanes, m.gates, m.cameras);
    emptyNote('reads', 'waiting for reads…');
    const recent = m.recent || [];
    if (recent.length === 0) emptyNote('decisions', 'no decisions yet');
    else $('decisions').replaceChildren(...recent.map(decisionItem));
  },
  read: (r) => prepend('reads', readItem(r)),
  decision: (d) => prepend('decisions', decisionItem(d)),
  gate(g) {
    const entry = laneCard(g.lane);
    entry.gate = g;
    renderLane(entry);
  },
  camera(c) {
    const entry = laneCard(c.lane);
    entry.camera = c;
    renderLane(entry);
  },
  gateAction(a) {
    const entry = laneCard(a.lane);
    entry.card.querySelector('.last-action').textContent =
      `${a.action} by ${a.by} (${a.result}${a.why ? ', ' + a.why : ''}) ${time(a.at)}`;
  },
};

let backoff = 1000;

function status(up, text) {
  const s = $('connection');
  s.textContent = text;
  s.classList.toggle('down', !up);
}

function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  ws.onmessage = (e) => {
    let m;
    try {
      m = JSON.parse(e.data);
    } catch {
      return;
    }
    if (m.type === 'snapshot') {
      backoff = 1000;
      status(true, 'live');
      handlers.snapshot(m);
    } else if (handlers[m.type] && m.data) {
      handlers[m.type](m.data);
    }
  };
  ws.onclose = () => {
    status(false, 'reconnecting…');
    // Jitter, so a site full of dashboards does not reconnect in one burst after a restart.
    setTimeout(connect, backoff * (0.75 + Math.random() / 2));
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };
}

setInterval(() => lanes.forEach(renderLane), 1000);
connect();

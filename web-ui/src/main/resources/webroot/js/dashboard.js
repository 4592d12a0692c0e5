// The live dashboard: a card per lane from one WebSocket. The snapshot on connect draws everything; facts update
// it; after a drop the page reconnects by itself (backing off) and asks for what it missed (?since=).

import { h, s, clear, fill, time, ago, crop } from './dom.js';
import { api, can } from './api.js';
import { reasonText } from './reason.js';
import { refusedActions, manualText } from './vehicle.js';
import { showBadge, healthStatus } from './badge.js';
import { t, tn, word } from './i18n.js';
import { alertText, actionText } from './words.js';

const MAX_READS = 4;
const MAX_FEED = 40;
const MAX_BACKOFF_MS = 15000;

let socket = null;
let stopped = true;
let backoff = 500;
let lastSeen = null; // capturedAt of the newest decision shown: the gap to fill after a reconnect
let retryTimer = null;
let tick = null;
const lanes = new Map(); // id -> {lane, els, reads: []}
const lots = new Map(); // lot id -> {occupancy, capacity, name}
const seenEvents = new Set();
let alerts = null; // the alerts active now, worst first: what needs a person's attention
const active = new Map(); // alert id -> alert
let health = null; // /health's overall status, looked at every HEALTH_MS
const nodes = new Map(); // the site's devices by name, from their heartbeats: {node, self, away, awaySince, lanes}
let selfNode = null; // this device's name
let siteList = null; // the site's devices, shown when there is more than one
let healthTimer = null;
const HEALTH_MS = 10000;

export function stop() {
  stopped = true;
  clearTimeout(retryTimer);
  clearInterval(tick);
  clearInterval(healthTimer);
  if (socket) socket.close(1000, 'page left');
  socket = null;
}

export function render(view, status) {
  stop();
  stopped = false;
  lanes.clear();
  lots.clear();
  seenEvents.clear();
  lastSeen = null;
  active.clear();
  health = null;
  nodes.clear();
  selfNode = null;
  const cards = h('section', { class: 'lanes', id: 'lanes', 'aria-label': t('Lanes') });
  const feed = h('ol', { class: 'feed', id: 'decisions' });
  alerts = h('ul', { class: 'alerts', id: 'alerts', 'aria-live': 'assertive', 'aria-label': t('Alerts') });
  siteList = h('section', { class: 'site', id: 'site', 'aria-label': t('The site\u2019s devices'), hidden: true });
  fill(view, alerts, siteList, cards, h('section', { 'aria-labelledby': 'feed-title' },
    h('h2', { id: 'feed-title' }, t('Decisions')), feed));
  connect(cards, feed, status);
  tick = setInterval(() => lanes.forEach(refreshCamera), 1000);
  checkHealth();
  healthTimer = setInterval(checkHealth, HEALTH_MS);
}

/** /health's word for the whole controller: the header never says all is well while it says DEGRADED. */
async function checkHealth() {
  health = await healthStatus();
  showAlerts();
}

function connect(cards, feed, status) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${proto}//${location.host}/ws` + (lastSeen ? `?since=${encodeURIComponent(lastSeen)}` : '');
  const ws = new WebSocket(url);
  socket = ws;
  status(t('connecting…'), 'down');
  ws.onopen = () => {
    backoff = 500;
    status(t('live'), 'up');
  };
  ws.onmessage = (m) => {
    let msg;
    try {
      msg = JSON.parse(m.data);
    } catch {
      return;
    }
    onMessage(msg, cards, feed);
  };
  ws.onclose = (e) => {
    if (socket !== ws || stopped) return;
    socket = null;
    if (e.code === 4401 || e.code === 1008) {
      status(t('logged out'), 'down');
      location.hash = '#login';
      return;
    }
    status(t('reconnecting in {n} s…', { n: Math.round(backoff / 1000) }), 'down');
    retryTimer = setTimeout(() => connect(cards, feed, status), backoff);
    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
  };
}

function onMessage(msg, cards, feed) {
  const d = msg.data;
  switch (msg.type) {
    case 'snapshot':
      active.clear();
      selfNode = msg.node || null;
      (msg.nodes || []).forEach((n) => nodes.set(n.node, n));
      (msg.alerts || []).forEach((a) => active.set(alertKey(a), a));
      (msg.lanes || []).forEach((l) => card(cards, l));
      (msg.lots || []).forEach(lot);
      Object.values(msg.gates || {}).forEach((g) => g && gate(g));
      Object.values(msg.cameras || {}).forEach((c) => c && camera(c));
      // newest first from the server; shown oldest first so the newest ends on top
      (msg.recent || []).slice().reverse().forEach((e) => (e.kind === 'manual'
        ? manualOpen(feed, { id: e.id, lane: e.lane, at: e.capturedAt, by: e.by, why: e.reason, result: e.result,
          vehicle: e.vehicle, plate: e.plate })
        : decision(feed, fromEvent(e))));
      lanes.forEach((e) => e.lot && showLot(e));
      lanes.forEach(showDevice);
      showSite();
      showAlerts();
      break;
    case 'node':
      node(cards, d);
      break;
    case 'read':
      read(d);
      break;
    case 'decision':
      decision(feed, d);
      break;
    case 'gate':
      gate(d);
      break;
    case 'camera':
      camera(d);
      break;
    case 'gateAction':
      action(d);
      if (d.action === 'open' && !d.decisionId && d.by !== 'loop' && d.by !== 'auto') manualOpen(feed, d);
      break;
    case 'lot':
      lot(d);
      break;
    case 'lane':
      laneChanged(cards, d);
      break;
    case 'alert':
      alert(d);
      break;
    case 'parked':
      parked(d);
      break;
    default:
      break;
  }
}

/** A stored event (history API) in the shape of a live decision. */
function fromEvent(e) {
  return {
    eventId: e.id, lane: e.lane, decidedAt: e.decidedAt, allowed: e.allowed, reason: e.reason,
    matchedPlate: e.matchedPlate, capturedAt: e.capturedAt, cropUrl: e.cropUrl,
    vehicle: { plate: e.plate, nReads: e.nReads, best: { capturedAt: e.capturedAt } },
  };
}

function card(cards, l) {
  if (lanes.has(l.id)) return lanes.get(l.id);
  const els = {
    gate: h('span', { class: 'badge gate-state' }, t('unknown')),
    img: h('img', { class: 'frame-img', alt: t('latest frame of {lane}', { lane: l.name || l.id }) }),
    boxes: s('svg', { class: 'boxes', 'aria-hidden': 'true' }),
    plate: h('span', { class: 'plate' }, '–'),
    verdict: h('span', { class: 'verdict' }),
    reason: h('p', { class: 'reason' }, t('no vehicle yet')),
    reads: h('ul', { class: 'reads' }),
    camera: h('span', { class: 'camera' }, t('no status yet')),
    lastFrame: h('span', {}, '–'),
    // the camera's own words (ffmpeg's, the network's): shown as they came, in no language of ours
    errors: h('span', { translate: 'no' }, '–'),
    parked: h('span', { class: 'parked' }, t('none')),
    lot: h('span', { class: 'lot' }),
    lastAction: h('p', { class: 'last-action' }),
    alerts: h('ul', { class: 'alerts lane-alerts', 'aria-label': t('alerts of {lane}', { lane: l.name || l.id }) }),
    vehicle: h('div', { class: 'vehicle' }),
    controls: h('div', { class: 'controls' }),
    title: h('h3', {}, l.name || l.id),
    direction: h('span', { class: 'direction' }, l.direction ? word(l.direction) : ''),
    device: h('span', { class: 'badge device', title: t('the device that holds this lane'), hidden: true }),
    away: h('p', { class: 'away-note', role: 'status', hidden: true }),
  };
  els.noFrame = h('span', { class: 'no-frame' }, t('no frame yet'));
  const frame = h('div', { class: 'frame' }, els.img, els.boxes, els.noFrame);
  els.img.hidden = true;
  const article = h('article', { class: 'lane', dataset: { lane: l.id } },
    h('header', {}, els.title, els.device, els.direction, els.lot, els.gate),
    els.away,
    els.alerts,
    frame,
    h('div', { class: 'latest' }, els.plate, els.verdict, els.reason),
    els.vehicle,
    els.reads,
    h('dl', { class: 'health' },
      h('dt', {}, t('Camera')), h('dd', {}, els.camera),
      h('dt', {}, t('Last frame')), h('dd', {}, els.lastFrame),
      h('dt', {}, t('Errors')), h('dd', {}, els.errors),
      h('dt', {}, t('Parked in view')), h('dd', {}, els.parked)),
    els.lastAction, els.controls);
  cards.append(article);
  const entry = { lane: l, els, reads: [], camera: null, lot: l.lot, parked: new Map(), device: l.device || null,
    article };
  lanes.set(l.id, entry);
  // a lane without a barrier (a camera that only counts or logs) has nothing to open
  if (can('operator') && l.barrier !== false) els.controls.append(openForm(l));
  showAlerts();
  return entry;
}

/**
 * A device of the site as its heartbeats tell: its lanes get cards (marked with it), and while it is away they say
 * so. A dashboard of a device on its own shows no device names.
 */
function node(cards, n) {
  if (!n || !n.node) return;
  nodes.set(n.node, n);
  if (!n.self) {
    (n.lanes || []).forEach((l) => {
      const e = lanes.get(l.id) || card(cards, { ...l, device: n.node });
      e.device = n.node;
    });
  }
  lanes.forEach(showDevice);
  showSite();
}

/** The site's devices when there is more than one: each with its version, lanes, since when, and whether away. */
function showSite() {
  if (!siteList) return;
  siteList.hidden = nodes.size < 2;
  if (siteList.hidden) return;
  fill(siteList, h('ul', { class: 'site-nodes' }, [...nodes.values()].map((n) => h('li', {
    class: n.away ? 'away' : 'up', dataset: { node: n.node } },
  h('strong', {}, n.node), n.self ? ` (${t('this device')})` : '', ' · ',
  n.away ? t('away since {time}', { time: time(n.awaySince) }) : t('running since {time}', { time: time(n.startedAt) }),
  ' · ', tn('{n} lane', '{n} lanes', (n.lanes || []).length), ' · ', n.version || ''))));
}

function showDevice(e) {
  const name = e.device || selfNode;
  const n = nodes.get(name);
  e.els.device.textContent = nodes.size > 1 && name ? name : '';
  e.els.device.hidden = !e.els.device.textContent;
  const away = !!(n && n.away && !n.self);
  e.article.classList.toggle('away', away);
  e.els.away.hidden = !away;
  e.els.away.textContent = away ? t('device {device} is away since {time}: this lane runs on it, unseen here',
    { device: name, time: time(n.awaySince) }) : '';
}

/** An admin changed a lane (or added one): its card shows the new name, direction and lot at once. */
function laneChanged(cards, l) {
  const e = lanes.get(l.id) || card(cards, l);
  e.lane = { ...e.lane, ...l };
  e.els.title.textContent = l.name || l.id;
  e.els.direction.textContent = l.direction ? word(l.direction) : '';
  e.lot = l.lot;
  if (e.lot) showLot(e);
  else clear(e.els.lot);
}

function openForm(l) {
  const why = h('input', { name: 'why', required: true, maxlength: 200, placeholder: t('reason'), autocomplete: 'off',
    'aria-label': t('reason to open {lane}', { lane: l.name || l.id }) });
  const result = h('span', { class: 'result', role: 'status' });
  const button = h('button', { type: 'submit', class: 'open' }, t('Open barrier'));
  const form = h('form', { class: 'open-form', onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    result.textContent = t('opening…');
    try {
      const r = await api('POST', `/api/gates/${encodeURIComponent(l.id)}/open`, { why: why.value });
      result.textContent = t('done: {result}', { result: word(r.result || r.state || 'ok') });
      why.value = '';
    } catch (err) {
      result.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  } }, why, button, result);
  return form;
}

function read(r) {
  const e = lanes.get(r.lane);
  if (!e) return;
  e.reads.unshift(r);
  e.reads.length = Math.min(e.reads.length, MAX_READS);
  const list = clear(e.els.reads);
  e.reads.forEach((x) => list.append(h('li', {}, crop(x.crop), h('span', { class: 'plate small' }, x.printed || x.plate),
    h('span', { class: 'muted' }, `${Math.round((x.confidence || 0) * 100)} % · ${time(x.capturedAt)}`))));
  showFrame(e, r.frameId);
}

/** The frame a read came from, with every read of that frame boxed. */
function showFrame(e, frameId) {
  if (!frameId || e.frameId === frameId) {
    drawBoxes(e);
    return;
  }
  e.frameId = frameId;
  const img = e.els.img;
  img.onload = () => {
    img.hidden = false;
    e.els.noFrame.hidden = true;
    drawBoxes(e);
  };
  img.onerror = () => {
    img.hidden = true;
    e.els.noFrame.hidden = false;
    e.els.noFrame.textContent = t('this frame is no longer kept');
  };
  img.src = `/api/lanes/${encodeURIComponent(e.lane.id)}/frames/${encodeURIComponent(frameId)}`;
}

function drawBoxes(e) {
  const img = e.els.img;
  if (!img.naturalWidth) return;
  const svg = clear(e.els.boxes);
  svg.setAttribute('viewBox', `0 0 ${img.naturalWidth} ${img.naturalHeight}`);
  const stroke = Math.max(2, Math.round(img.naturalWidth / 300));
  e.reads.filter((r) => r.frameId === e.frameId && Array.isArray(r.box)).forEach((r) => {
    const [x, y, w, hh] = r.box;
    svg.append(s('rect', { x, y, width: w, height: hh, class: 'box', 'stroke-width': stroke }),
      s('text', { x, y: Math.max(0, y - stroke * 2), class: 'box-label', 'font-size': Math.max(14, hh * 0.6) },
        r.printed || r.plate));
  });
}

function decision(feed, d) {
  const id = d.eventId;
  if (id && seenEvents.has(id)) return;
  if (id) seenEvents.add(id);
  const captured = d.capturedAt || d.vehicle?.best?.capturedAt || d.decidedAt;
  if (captured && (!lastSeen || captured > lastSeen)) lastSeen = captured;
  // as the plate prints it (Cyrillic, Greek, umlauts) where its format says; matched and stored in Latin
  const plate = d.vehicle?.printed || d.vehicle?.plate || '';
  const e = lanes.get(d.lane);
  if (e && (!e.latestAt || (d.decidedAt || '') >= e.latestAt)) {
    e.latestAt = d.decidedAt || '';
    e.els.plate.textContent = plate;
    e.els.verdict.textContent = d.allowed ? t('allowed') : t('refused');
    e.els.verdict.className = 'verdict ' + (d.allowed ? 'ok' : 'bad');
    const read = d.vehicle?.plate ?? plate;
    e.els.reason.textContent = reasonText(d.reason) + (d.matchedPlate && d.matchedPlate !== read
      ? ` (${t('registered {plate}', { plate: d.matchedPlate })})` : '') + ` · ${time(d.decidedAt)}`;
    // the vehicle at the barrier now: staff may let it through, register it or deny-list it
    e.vehicleId = d.allowed ? null : id;
    fill(e.els.vehicle, d.allowed ? null : refusedActions({ eventId: id, lane: d.lane, laneName: e.lane.name,
      plate: read, decidedAt: d.decidedAt, reason: d.reason }));
  }
  const item = h('li', { class: d.allowed ? 'ok' : 'bad', dataset: { event: id || '' } },
    d.vehicle?.best?.crop ? crop(d.vehicle.best.crop) : crop(d.cropUrl),
    h('span', { class: 'plate' }, plate),
    h('span', { class: 'verdict ' + (d.allowed ? 'ok' : 'bad') }, d.allowed ? t('allowed') : t('refused')),
    h('span', { class: 'reason' }, reasonText(d.reason)),
    h('span', { class: 'muted' }, `${lanes.get(d.lane)?.lane.name || d.lane} · ${time(d.decidedAt)}`));
  feed.prepend(item);
  while (feed.children.length > MAX_FEED) feed.lastElementChild.remove();
}

/** The barrier opened by hand (by a person, a broker command, or outside the controller): a line of the feed. */
function manualOpen(feed, a) {
  const key = 'manual:' + (a.id || '');
  if (a.id && seenEvents.has(key)) return;
  if (a.id) seenEvents.add(key);
  const e = lanes.get(a.lane);
  if (e && a.vehicle && e.vehicleId === a.vehicle) {
    // the refused vehicle on the card went through: its actions are done
    e.vehicleId = null;
    fill(e.els.vehicle, h('p', { class: 'muted' }, manualText(a)));
  }
  const plate = a.plate ?? (a.vehicle ? feed.querySelector(`li[data-event="${CSS.escape(a.vehicle)}"] .plate`)
    ?.textContent : null);
  feed.prepend(h('li', { class: 'manual', dataset: { action: a.id || '' } },
    h('span', { class: 'no-crop' }, t('by hand')),
    h('span', { class: 'plate' }, plate || '–'),
    h('span', { class: 'verdict manual' }, a.result === 'done' ? t('opened') : t('not opened')),
    h('span', { class: 'reason' }, manualText(a)),
    h('span', { class: 'muted' }, `${lanes.get(a.lane)?.lane.name || a.lane} · ${time(a.at)}`)));
  while (feed.children.length > MAX_FEED) feed.lastElementChild.remove();
}

/** An alert is one device's (in a site each says which): two devices' alerts of one kind are two. */
function alertKey(a) {
  return `${a.node || ''}|${a.id}`;
}

/** An alert raised (or raised again, worse) or cleared: once each, from the controller's alerts verticle. */
function alert(a) {
  if (a.active) active.set(alertKey(a), a);
  else active.delete(alertKey(a));
  showAlerts();
}

const WORST = (a, b) => (a.level === b.level ? a.since.localeCompare(b.since) : a.level === 'critical' ? -1 : 1);

/**
 * The alerts active now: every one above the cards, each lane's also on its card (what and since when), and the
 * worst in the header beside the connection. Text only, never markup.
 */
function showAlerts() {
  const all = [...active.values()].sort(WORST);
  const line = (a) => h('li', { class: a.level === 'critical' ? 'bad' : 'warn', dataset: { alert: a.id } },
    h('strong', {}, a.level === 'critical' ? t('Critical') : t('Warning')),
    a.node && nodes.size > 1 ? ` · ${a.node}` : '',
    ' ' + t('since {time}: {what}', { time: time(a.since), what: alertText(a) }));
  if (alerts) fill(alerts, all.map(line));
  lanes.forEach((e) => fill(e.els.alerts, all.filter((a) => a.lane === e.lane.id).map(line)));
  showBadge(all, health);
}

function gate(g) {
  const e = lanes.get(g.lane);
  if (!e) return;
  const b = e.els.gate;
  b.textContent = g.fault ? t('fault: {fault}', { fault: g.fault })
    : word(g.state || 'unknown') + (g.loop ? ' · ' + t('vehicle on loop') : '');
  b.className = 'badge gate-state ' + (g.state || 'unknown');
}

const PARKED_SHOWN_MS = 10 * 60 * 1000;
const PARKED_SHOWN = 5;

/** A plate standing where it stood, not moving: shown apart from the vehicles, which it is not. */
function parked(p) {
  const e = lanes.get(p.lane);
  if (!e) return;
  const now = Date.now();
  e.parked.delete(p.plate); // re-inserted last: the map's order is the order of sightings
  e.parked.set(p.plate, { since: p.since, seen: now });
  while (e.parked.size > 50) e.parked.delete(e.parked.keys().next().value);
  for (const [plate, v] of e.parked) if (now - v.seen > PARKED_SHOWN_MS) e.parked.delete(plate);
  const shown = [...e.parked.entries()].sort((a, b) => b[1].seen - a[1].seen).slice(0, PARKED_SHOWN);
  e.els.parked.textContent = shown.length
    ? shown.map(([plate, v]) => `${plate} (${t('since {time}', { time: time(v.since) })})`).join(', ') : t('none');
}

function camera(c) {
  const e = lanes.get(c.lane);
  if (!e) return;
  e.camera = c;
  refreshCamera(e);
}

function refreshCamera(e) {
  const c = e.camera;
  if (!c) return;
  e.els.camera.textContent = c.up ? `${c.source}, ${Number(c.fps || 0).toFixed(1)} fps` : `${c.source}, ${t('DOWN')}`;
  e.els.camera.className = 'camera ' + (c.up ? 'ok' : 'bad');
  e.els.lastFrame.textContent = ago(c.lastFrameAt);
  e.els.errors.textContent = c.errors ? `${c.errors}${c.lastError ? ': ' + c.lastError : ''}` : t('none');
}

function action(a) {
  const e = lanes.get(a.lane);
  if (!e) return;
  e.els.lastAction.textContent = `${actionText(a)} · ${a.by}${a.why ? ': ' + a.why : ''} · ${time(a.at)}`;
}

function lot(o) {
  if (!o || !o.lot) return;
  // a live count carries no name: keep the one the snapshot gave
  lots.set(o.lot, { ...o, name: o.name || lots.get(o.lot)?.name });
  lanes.forEach((e) => e.lot === o.lot && showLot(e));
}

function showLot(e) {
  const o = lots.get(e.lot);
  if (!o) return;
  const name = o.name || o.lot;
  e.els.lot.textContent = o.capacity
    ? t('{name}: {n} of {capacity} inside', { name, n: o.occupancy, capacity: o.capacity })
    : t('{name}: {n} inside', { name, n: o.occupancy });
  e.els.lot.className = 'lot badge' + (o.capacity && o.occupancy >= o.capacity ? ' full' : '');
  e.els.lot.title = t('vehicles counted inside {name}', { name });
}

// Event history: search by plate (fuzzy), lane, decision and time; crops and frames; CSV export; charts of the day.

import { h, label, s, clear, fill, dateTime, crop, localInput, note } from './dom.js';
import { api } from './api.js';
import { reasonText } from './reason.js';
import { bars, line } from './charts.js';
import { refusedActions, manualText } from './vehicle.js';
import { can } from './api.js';
import { t, tn, word } from './i18n.js';
import { actionText } from './words.js';

const PAGE = 100;

export async function render(view) {
  const lanes = await api('GET', '/api/lanes').catch(() => ({ lanes: [] }));
  const lots = await api('GET', '/api/lots').catch(() => ({ lots: [] }));
  const day = new Date();
  day.setHours(0, 0, 0, 0);
  const f = {
    plate: h('input', { name: 'plate', placeholder: t('plate, e.g. ABC1234'), maxlength: 20, autocomplete: 'off' }),
    lane: h('select', { name: 'lane' }, h('option', { value: '' }, t('all lanes')),
      lanes.lanes.map((l) => h('option', { value: l.id }, l.name || l.id))),
    decision: h('select', { name: 'decision' }, h('option', { value: '' }, t('all decisions')),
      h('option', { value: 'allow' }, t('allowed')), h('option', { value: 'deny' }, t('refused')),
      h('option', { value: 'manual' }, t('opened by hand'))),
    from: h('input', { name: 'from', type: 'datetime-local', value: localInput(new Date(Date.now() - 7 * 864e5)) }),
    to: h('input', { name: 'to', type: 'datetime-local' }),
  };
  const results = h('div', { id: 'history-results' });
  const csv = h('a', { class: 'button', id: 'csv', href: '/api/events.csv', download: 'lanekeeper-events.csv' },
    t('Export CSV'));
  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); search(0); } },
    label(t('Plate'), f.plate), label(t('Lane'), f.lane), label(t('Decision'), f.decision), label(t('From'), f.from),
    label(t('To'), f.to), h('button', { type: 'submit' }, t('Search')), csv);
  const lot = h('select', { name: 'lot', 'aria-label': t('lot for the occupancy chart') },
    lots.lots.map((l) => h('option', { value: l.id }, l.name || l.id)));
  const dayInput = h('input', { type: 'date', value: localInput(day).slice(0, 10), 'aria-label': t('day') });
  const charts = h('div', { class: 'charts' });
  const pager = h('p', { class: 'pager', id: 'history-pager', role: 'status' });
  let offset = 0;
  fill(view, h('h2', {}, t('History')), form,
    h('details', { class: 'day-charts', open: true }, h('summary', {}, t('The day')),
      h('div', { class: 'filters' }, label(t('Day'), dayInput), label(t('Lot'), lot)), charts),
    pager, results);

  function query() {
    const q = new URLSearchParams();
    if (f.plate.value.trim()) q.set('plate', f.plate.value.trim().toUpperCase().replace(/[^A-Z0-9]/g, ''));
    if (f.lane.value) q.set('lane', f.lane.value);
    if (f.decision.value) q.set('decision', f.decision.value);
    if (f.from.value) q.set('from', new Date(f.from.value).toISOString());
    if (f.to.value) q.set('to', new Date(f.to.value).toISOString());
    return q;
  }

  async function search(page = 0) {
    offset = page;
    const q = query();
    csv.href = '/api/events.csv?' + q;
    q.set('limit', String(PAGE));
    q.set('offset', String(offset));
    note(results, t('searching…'));
    try {
      const r = await api('GET', '/api/events?' + q);
      fill(results, table(r.events));
      const total = r.total + (r.more ? '+' : '');
      fill(pager, r.events.length ? tn('{total} result, {first}–{last} shown', '{total} results, {first}–{last} shown',
        r.total, { total, first: offset + 1, last: offset + r.events.length })
        : tn('{total} result', '{total} results', r.total, { total }),
      offset > 0 ? h('button', { type: 'button', class: 'small', onclick: () => search(Math.max(0, offset - PAGE)) },
        t('Newer')) : null,
      offset + r.events.length < r.total ? h('button', { type: 'button', class: 'small',
        onclick: () => search(offset + PAGE) }, t('Older')) : null);
    } catch (e) {
      note(results, e.message, 'error');
    }
  }

  async function drawCharts() {
    const start = new Date(dayInput.value + 'T00:00');
    const q = new URLSearchParams({ from: start.toISOString() });
    if (lot.value) q.set('lot', lot.value);
    try {
      const r = await api('GET', '/api/stats/day?' + q);
      fill(charts, 
        bars(t('Entries and exits per hour'), r.hours, [{ name: t('entries'), key: 'entries', cls: 'entries' },
          { name: t('exits'), key: 'exits', cls: 'exits' }, { name: t('refused'), key: 'refused', cls: 'refused' }]),
        r.lot ? line(t('Occupancy of {lot}', { lot: lot.selectedOptions[0]?.textContent || r.lot }), r.hours,
          'occupancy', 'occupancy', t('occupancy'))
          : h('p', { class: 'muted' }, t('No lot: no occupancy chart.')));
    } catch (e) {
      note(charts, e.message, 'error');
    }
  }
  dayInput.addEventListener('change', drawCharts);
  lot.addEventListener('change', drawCharts);
  await Promise.all([search(0), drawCharts()]);
}

function table(events) {
  if (!events.length) return h('p', { class: 'muted' }, t('No events match.'));
  return h('table', { class: 'events' },
    h('thead', {}, h('tr', {}, [t('Time'), t('Lane'), t('Plate'), t('Decision'), t('Reason'), t('Crop'), t('Frame'),
      t('Gate')].map((x) => h('th', {}, x)))),
    h('tbody', {}, events.map((e) => (e.kind === 'manual' ? manualRow(e) : h('tr', { class: e.allowed ? 'ok' : 'bad' },
      h('td', {}, dateTime(e.capturedAt)), laneCell(e),
      h('td', { class: 'plate' }, e.plate), h('td', {}, e.allowed ? t('allowed') : t('refused')),
      h('td', {}, reasonText(e.reason) + (e.matchedPlate && e.matchedPlate !== e.plate
        ? ` (${t('registered {plate}', { plate: e.matchedPlate })})` : '')),
      h('td', {}, e.cropUrl ? h('a', { href: e.cropUrl, target: '_blank', rel: 'noopener' }, crop(e.cropUrl)) : crop(null)),
      h('td', {}, e.frameUrl ? h('button', { type: 'button', class: 'small', onclick: (ev) => toggleFrame(ev.target, e) },
        t('show')) : ''),
      h('td', {}, gateText(e),
        !e.allowed && can('operator') && !opened(e) ? h('button', { type: 'button', class: 'small act',
          onclick: (ev) => toggleActions(ev.target, e) }, t('act')) : null))))));
}

/** The lane, and in a site the device that runs it (a device's name is the operator's, never translated). */
function laneCell(e) {
  return h('td', {}, e.laneName || e.lane,
    e.device ? h('span', { class: 'device', translate: 'no', title: t('Device') }, ` · ${e.device}`) : null);
}

/** The barrier's actions for a decision, a person's in words. */
function gateText(e) {
  return (e.gateActions || []).map((a) => (a.by === 'auto' || a.by === 'loop'
    ? `${actionText(a)} (${a.by === 'auto' ? t('automatically') : t('by the loop')})`
    : a.action === 'open' ? manualText(a) : t('{done} by {who}', { done: actionText(a), who: a.by })))
    .join(', ');
}

function opened(e) {
  return (e.gateActions || []).some((a) => a.action === 'open' && a.result === 'done');
}

/** A manual open: who opened, why, and for which vehicle (its read and crop) when it names one. */
function manualRow(e) {
  return h('tr', { class: 'manual', dataset: { action: e.id } },
    h('td', {}, dateTime(e.capturedAt)), laneCell(e),
    h('td', { class: 'plate' }, e.plate || '–'), h('td', {}, t('opened by hand')),
    h('td', {}, manualText(e) + (e.vehicle ? '' : ` (${t('no vehicle named')})`)),
    h('td', {}, e.cropUrl ? h('a', { href: e.cropUrl, target: '_blank', rel: 'noopener' }, crop(e.cropUrl)) : crop(null)),
    h('td', {}, e.frameUrl ? h('button', { type: 'button', class: 'small', onclick: (ev) => toggleFrame(ev.target, e) },
      t('show')) : ''),
    h('td', {}, word(e.result)));
}

/** Under a refused row: open for that vehicle, register or deny-list its plate. */
function toggleActions(button, e) {
  const row = button.closest('tr');
  const next = row.nextElementSibling;
  if (next && next.classList.contains('actions-row')) {
    next.remove();
    return;
  }
  row.after(h('tr', { class: 'actions-row' }, h('td', { colspan: 8 }, refusedActions({ eventId: e.id, lane: e.lane,
    laneName: e.laneName, plate: e.plate, decidedAt: e.decidedAt, reason: e.reason }, () => button.remove()))));
}

/** Shows (or hides) the whole frame of an event in a row under it, the plate's box drawn over it. */
function toggleFrame(button, e) {
  const row = button.closest('tr');
  const next = row.nextElementSibling;
  if (next && next.classList.contains('frame-row')) {
    next.remove();
    button.textContent = t('show');
    return;
  }
  const img = h('img', { class: 'frame-img', alt: t('frame of the decision on {plate}', { plate: e.plate }) });
  const boxes = s('svg', { class: 'boxes', preserveAspectRatio: 'none' });
  const status = h('p', { class: 'muted' }, t('loading the frame…'));
  img.onload = () => {
    status.remove();
    boxes.setAttribute('viewBox', `0 0 ${img.naturalWidth} ${img.naturalHeight}`);
    if (Array.isArray(e.box)) {
      const [x, y, w, hh] = e.box;
      const stroke = Math.max(2, Math.round(img.naturalWidth / 300));
      boxes.append(s('rect', { x, y, width: w, height: hh, class: 'box', 'stroke-width': stroke }));
    }
  };
  img.onerror = () => {
    img.hidden = true;
    status.textContent = t('This frame is no longer kept (each lane keeps its latest decisions\u2019 frames).');
  };
  img.src = e.frameUrl;
  row.after(h('tr', { class: 'frame-row' }, h('td', { colspan: 8 },
    h('div', { class: 'frame history-frame' }, img, boxes), status)));
  button.textContent = t('hide');
}

// What staff do about a refused vehicle: an operator opens the barrier for it with a reason (the open names the
// refusal, so the history and the audit link the two, and the lot counts the vehicle); an admin registers the plate
// or deny-lists it in the plates form, filled with the read and the lane.

import { h } from './dom.js';
import { api, can } from './api.js';

/** The plates form, filled for this vehicle: allow (registered for its lane) or deny. */
export function plateFormHref(d, kind) {
  const q = new URLSearchParams({ plate: d.plate || '', kind });
  if (kind === 'allow' && d.lane) q.set('lanes', d.lane);
  const when = d.decidedAt ? new Date(d.decidedAt).toLocaleString() : '';
  q.set('notes', `${kind === 'deny' ? 'deny-listed' : 'registered'} after a refusal at ${d.laneName || d.lane} ${when}`
    .trim());
  return '#plates?' + q;
}

/**
 * The actions on one refused decision {eventId, lane, laneName, plate, decidedAt}; null for a viewer. onOpened gets
 * the server's answer (the gate's state, and how the lot counted the vehicle).
 */
export function refusedActions(d, onOpened) {
  if (!can('operator') || !d.eventId) return null;
  if (String(d.reason || '').startsWith('deny-listed')) {
    // a deny-listed plate is not let in on its refusal: lifting the deny entry is an admin's, on the plates page
    return h('p', { class: 'vehicle-actions muted' }, 'Deny-listed: not let in on this refusal.');
  }
  const who = d.plate || 'this vehicle';
  const why = h('input', { name: 'why', required: true, maxlength: 200, placeholder: 'reason to let it through',
    autocomplete: 'off', 'aria-label': `reason to open for ${who}` });
  const button = h('button', { type: 'submit', class: 'open' }, 'Open for this vehicle');
  const result = h('span', { class: 'result', role: 'status' });
  const form = h('form', { class: 'open-form vehicle-open', onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    result.textContent = 'opening…';
    try {
      const r = await api('POST', `/api/gates/${encodeURIComponent(d.lane)}/open`,
        { why: why.value, vehicle: d.eventId });
      result.textContent = 'opened' + (r.counted ? `; ${r.counted}` : '');
      why.disabled = true;
      if (onOpened) onOpened(r);
    } catch (err) {
      result.textContent = err.message;
      button.disabled = false;
    }
  } }, why, button, result);
  const admin = can('admin') && d.plate
    ? h('p', { class: 'vehicle-links' },
      h('a', { class: 'button small', href: plateFormHref(d, 'allow') }, 'Register plate'),
      h('a', { class: 'button small danger', href: plateFormHref(d, 'deny') }, 'Deny-list'))
    : null;
  return h('div', { class: 'vehicle-actions', dataset: { vehicle: d.eventId } }, form, admin);
}

/** A person's open in words: "opened by alice: visitor", a broker command's, the barrier moved outside. */
export function manualText(a) {
  const done = a.result === 'done' ? 'opened' : `open refused (${a.result})`;
  if (a.by === 'barrier') return `${done} outside the controller`;
  const why = a.why ?? a.reason;
  return `${done} by ${a.by === 'mqtt' ? 'a broker command' : a.by}` + (why ? `: ${why}` : '');
}

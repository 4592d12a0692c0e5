// What staff do about a refused vehicle: an operator opens the barrier for it with a reason (the open names the
// refusal, so the history and the audit link the two, and the lot counts the vehicle); an admin registers the plate
// or deny-lists it in the plates form, filled with the read and the lane.

import { h } from './dom.js';
import { api, can } from './api.js';
import { t, word } from './i18n.js';
import { dateTime } from './dom.js';

/** The plates form, filled for this vehicle: allow (registered for its lane) or deny. */
export function plateFormHref(d, kind) {
  const q = new URLSearchParams({ plate: d.plate || '', kind });
  if (kind === 'allow' && d.lane) q.set('lanes', d.lane);
  const where = { lane: d.laneName || d.lane, when: d.decidedAt ? dateTime(d.decidedAt) : '' };
  q.set('notes', (kind === 'deny' ? t('deny-listed after a refusal at {lane} {when}', where)
    : t('registered after a refusal at {lane} {when}', where)).trim());
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
    return h('p', { class: 'vehicle-actions muted' }, t('Deny-listed: not let in on this refusal.'));
  }
  const who = d.plate || t('this vehicle');
  const why = h('input', { name: 'why', required: true, maxlength: 200, placeholder: t('reason to let it through'),
    autocomplete: 'off', 'aria-label': t('reason to open for {who}', { who }) });
  const button = h('button', { type: 'submit', class: 'open' }, t('Open for this vehicle'));
  const result = h('span', { class: 'result', role: 'status' });
  const form = h('form', { class: 'open-form vehicle-open', onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    result.textContent = t('opening…');
    try {
      const r = await api('POST', `/api/gates/${encodeURIComponent(d.lane)}/open`,
        { why: why.value, vehicle: d.eventId });
      result.textContent = t('opened') + (r.counted ? `; ${countedText(r.counted)}` : '');
      why.disabled = true;
      if (onOpened) onOpened(r);
    } catch (err) {
      result.textContent = err.message;
      button.disabled = false;
    }
  } }, why, button, result);
  const admin = can('admin') && d.plate
    ? h('p', { class: 'vehicle-links' },
      h('a', { class: 'button small', href: plateFormHref(d, 'allow') }, t('Register plate')),
      h('a', { class: 'button small danger', href: plateFormHref(d, 'deny') }, t('Deny-list')))
    : null;
  return h('div', { class: 'vehicle-actions', dataset: { vehicle: d.eventId } }, form, admin);
}

/** A person's open in words: "opened by alice: visitor", a broker command's, the barrier moved outside. */
export function manualText(a) {
  const done = a.result === 'done' ? t('opened') : t('open refused ({result})', { result: word(a.result) });
  if (a.by === 'barrier') return t('{done} outside the controller', { done });
  const why = a.why ?? a.reason;
  return t('{done} by {who}', { done, who: a.by === 'mqtt' ? t('a broker command') : a.by }) + (why ? `: ${why}` : '');
}

/** The matcher's word on how the lot counted a vehicle let through by hand. */
function countedText(c) {
  let m = /^counted (into|out of) (.+)$/.exec(c);
  if (m) return m[1] === 'into' ? t('counted into {lot}', { lot: m[2] }) : t('counted out of {lot}', { lot: m[2] });
  m = /^(.+) was counted inside (.+) already$/.exec(c);
  return m ? t('{plate} was counted inside {lot} already', { plate: m[1], lot: m[2] }) : c;
}

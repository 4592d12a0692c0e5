// The matcher's reasons ("fuzzy d=1 O->0", "deny-listed", "exact (pass)") in words for people.

import { t, tn, mark } from './i18n.js';

const EDIT = /^(?:([A-Z0-9])->([A-Z0-9])|-([A-Z0-9])|\+([A-Z0-9]))$/;

function edit(e) {
  const m = EDIT.exec(e);
  if (!m) return e;
  if (m[1]) return t('{a} read as {b}', { a: m[1], b: m[2] });
  if (m[3]) return t('{a} not read', { a: m[3] });
  return t('extra {a} read', { a: m[4] });
}

function fuzzy(rest) {
  const m = /^fuzzy d=([\d.]+)\s*(.*)$/.exec(rest);
  if (!m) return null;
  const edits = m[2].split(/\s+/).filter(Boolean);
  const n = edits.length || Math.ceil(Number(m[1]));
  return tn('fuzzy match, {n} character', 'fuzzy match, {n} characters', n)
    + (edits.length ? ': ' + edits.map(edit).join(', ') : '');
}

const WORDS = {
  exact: mark('exact match'),
  unknown: mark('not registered'),
  unreadable: mark('plate not readable'),
  'registered plates unavailable': mark('registered plates unavailable'),
  'unknown lane': mark('unknown lane'),
  'lane not allowed': mark('not allowed on this lane'),
  'not yet valid': mark('registration not valid yet'),
  expired: mark('registration expired'),
  'outside schedule': mark('outside its schedule'),
  'anti-passback': mark('already inside (anti-passback)'),
  'lot full': mark('car park full'),
  'not entered': mark('exit refused: no entry recorded'),
  'exit open to all': mark('exit open to all'),
  'deny-listed': mark('on the deny list'),
};

// Why the engine doubted a read (ReadFloor.doubt), in words
const DOUBTS = [
  [/^confidence ([\d.]+) below ([\d.]+)$/, (m) => t('confidence {value} below {least}', { value: m[1], least: m[2] })],
  [/^character (\d+) \((.)\) at ([\d.]+), below ([\d.]+)$/, (m) =>
    t('character {i} ({c}) at {value}, below {least}', { i: m[1], c: m[2], value: m[3], least: m[4] })],
  [/^(\d+) characters, fewer than (\d+)$/, (m) => t('{n} characters, fewer than {least}', { n: m[1], least: m[2] })],
];

function doubt(d) {
  for (const [re, say] of DOUBTS) {
    const m = re.exec(d);
    if (m) return say(m);
  }
  return d;
}

export function reasonText(reason) {
  let r = String(reason ?? '').trim();
  let suffix = '';
  if (r.endsWith(' (pass)')) {
    r = r.slice(0, -7);
    suffix = ', ' + t('visitor pass');
  }
  if (r.startsWith('unreadable (')) {
    // the engine doubted the read: "unreadable (confidence 0.011 below 0.500)"
    return t('plate not readable: {why}', { why: doubt(r.slice(12, -1)) }) + suffix;
  }
  if (r.startsWith('deny-listed ')) {
    const f = fuzzy(r.slice(12));
    return t('on the deny list ({how})', { how: f ?? r.slice(12) }) + suffix;
  }
  return (WORDS[r] ? t(WORDS[r]) : fuzzy(r) ?? r) + suffix;
}

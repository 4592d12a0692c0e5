// The matcher's reasons ("fuzzy d=1 O->0", "deny-listed", "exact (pass)") in words for people.

const EDIT = /^(?:([A-Z0-9])->([A-Z0-9])|-([A-Z0-9])|\+([A-Z0-9]))$/;

function edit(e) {
  const m = EDIT.exec(e);
  if (!m) return e;
  if (m[1]) return `${m[1]} read as ${m[2]}`;
  if (m[3]) return `${m[3]} not read`;
  return `extra ${m[4]} read`;
}

function fuzzy(rest) {
  const m = /^fuzzy d=([\d.]+)\s*(.*)$/.exec(rest);
  if (!m) return null;
  const edits = m[2].split(/\s+/).filter(Boolean);
  const n = edits.length || Math.ceil(Number(m[1]));
  return `fuzzy match, ${n} character${n === 1 ? '' : 's'}` + (edits.length ? ': ' + edits.map(edit).join(', ') : '');
}

const WORDS = {
  exact: 'exact match',
  unknown: 'not registered',
  unreadable: 'plate not readable',
  'registered plates unavailable': 'registered plates unavailable',
  'unknown lane': 'unknown lane',
  'lane not allowed': 'not allowed on this lane',
  'not yet valid': 'registration not valid yet',
  expired: 'registration expired',
  'outside schedule': 'outside its schedule',
  'anti-passback': 'already inside (anti-passback)',
  'lot full': 'car park full',
  'not entered': 'exit refused: no entry recorded',
  'exit open to all': 'exit open to all',
  'deny-listed': 'on the deny list',
};

export function reasonText(reason) {
  let r = String(reason ?? '').trim();
  let suffix = '';
  if (r.endsWith(' (pass)')) {
    r = r.slice(0, -7);
    suffix = ', visitor pass';
  }
  if (r.startsWith('unreadable (')) {
    // the engine doubted the read: "unreadable (confidence 0.011 below 0.500)"
    return `plate not readable: ${r.slice(12, -1)}` + suffix;
  }
  if (r.startsWith('deny-listed ')) {
    const f = fuzzy(r.slice(12));
    return `on the deny list (${f ?? r.slice(12)})` + suffix;
  }
  return (WORDS[r] ?? fuzzy(r) ?? r) + suffix;
}

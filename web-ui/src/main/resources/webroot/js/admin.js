// Admin console: plates (CRUD, deny list, validity, lanes, CSV import/export), visitor passes, lots, users, audit.
// The server checks every role; the page only hides what the person may not use.

import { h, label, clear, fill, dateTime, localInput, note } from './dom.js';
import { api, can } from './api.js';
import { regionEditor } from './region.js';

/** A page's short help: what it is for, in a sentence or two. */
function help(text) {
  return h('p', { class: 'help muted' }, text);
}

function iso(local) {
  return local ? new Date(local).toISOString() : null;
}

function result(el) {
  return {
    ok: (t) => note(el, t, 'ok'),
    reset: () => clear(el),
    fail: (e) => note(el, e.message + (e.body?.field ? ` (${e.body.field})` : ''), 'error'),
  };
}

// ---- plates ----

export async function plates(view) {
  const msg = h('div', { class: 'message' });
  const out = result(msg);
  const list = h('div');
  // owners and notes are personal data: the server sends them to operators and admins only
  const personal = can('operator');
  const q = h('input', { type: 'search', name: 'q', placeholder: personal ? 'search plate or owner' : 'search plate',
    'aria-label': 'search' });
  const f = {
    id: null,
    plate: h('input', { name: 'plate', required: true, maxlength: 20, autocomplete: 'off' }),
    kind: h('select', { name: 'kind' }, h('option', { value: 'allow' }, 'allowed'),
      h('option', { value: 'deny' }, 'deny list')),
    owner: h('input', { name: 'owner', maxlength: 200 }),
    notes: h('input', { name: 'notes', maxlength: 2000 }),
    validFrom: h('input', { name: 'validFrom', type: 'datetime-local' }),
    validTo: h('input', { name: 'validTo', type: 'datetime-local' }),
    lanes: h('input', { name: 'lanes', placeholder: 'all lanes, or e.g. entry-1;exit-1' }),
    schedule: h('input', { name: 'schedule', placeholder: 'e.g. mon-fri 07:00-19:00' }),
  };
  const save = h('button', { type: 'submit' }, 'Add plate');
  const cancel = h('button', { type: 'button', hidden: true, onclick: () => edit(null) }, 'Cancel');
  const form = h('form', { class: 'editor', id: 'plate-form', onsubmit: async (e) => {
    e.preventDefault();
    let schedule;
    try {
      schedule = parseSchedule(f.schedule.value);
    } catch (err) {
      out.fail(err);
      return;
    }
    const body = { plate: f.plate.value, kind: f.kind.value, owner: f.owner.value || null, notes: f.notes.value || null,
      validFrom: iso(f.validFrom.value), validTo: iso(f.validTo.value),
      lanes: f.lanes.value.trim() ? f.lanes.value.split(/[;,\s]+/).filter(Boolean) : null, schedule };
    try {
      const p = f.id ? await api('PUT', `/api/plates/${f.id}`, body) : await api('POST', '/api/plates', body);
      out.ok(`${p.display} saved`);
      edit(null);
      load();
    } catch (err) {
      out.fail(err);
    }
  } }, label('Plate', f.plate), label('Kind', f.kind), label('Owner', f.owner), label('Notes', f.notes),
  label('Valid from', f.validFrom), label('Valid to', f.validTo), label('Lanes', f.lanes),
  label('Schedule', f.schedule), save, cancel);

  function edit(p) {
    f.id = p ? p.id : null;
    f.plate.value = p ? p.display : '';
    f.kind.value = p ? p.kind : 'allow';
    f.owner.value = p?.owner || '';
    f.notes.value = p?.notes || '';
    f.validFrom.value = p?.validFrom ? localInput(new Date(p.validFrom)) : '';
    f.validTo.value = p?.validTo ? localInput(new Date(p.validTo)) : '';
    f.lanes.value = p?.lanes ? p.lanes.join(';') : '';
    f.schedule.value = p?.schedule ? scheduleText(p.schedule) : '';
    save.textContent = p ? 'Save changes' : 'Add plate';
    cancel.hidden = !p;
  }

  async function load() {
    try {
      const r = await api('GET', '/api/plates?limit=200' + (q.value.trim() ? '&q=' + encodeURIComponent(q.value.trim()) : ''));
      fill(list, h('p', { class: 'muted' }, `${r.total} registered`), h('table', { class: 'plates' },
        h('thead', {}, h('tr', {}, ['Plate', 'Kind', personal ? 'Owner' : null, 'Valid', 'Schedule', 'Lanes', '']
          .filter((t) => t !== null).map((t) => h('th', {}, t)))),
        h('tbody', {}, r.plates.map((p) => h('tr', { class: p.kind === 'deny' ? 'bad' : '' },
          h('td', { class: 'plate' }, p.display), h('td', {}, p.kind === 'deny' ? 'deny list' : 'allowed'),
          personal ? h('td', {}, p.owner || '') : null, h('td', {}, validity(p)),
          h('td', {}, p.schedule ? scheduleText(p.schedule) : 'any time'),
          h('td', {}, p.lanes ? p.lanes.join(', ') : 'all'),
          h('td', {}, can('admin') ? [h('button', { type: 'button', onclick: () => edit(p) }, 'Edit'),
            h('button', { type: 'button', class: 'danger', onclick: () => remove(p) }, 'Delete')] : null))))));
    } catch (err) {
      out.fail(err);
    }
  }

  async function remove(p) {
    if (!confirm(`Delete ${p.display}?`)) return;
    try {
      await api('DELETE', `/api/plates/${p.id}`);
      out.ok(`${p.display} deleted`);
      load();
    } catch (err) {
      out.fail(err);
    }
  }

  const file = h('input', { type: 'file', accept: '.csv,text/csv', name: 'csv', 'aria-label': 'CSV file' });
  const report = h('div', { id: 'import-report' });
  const importForm = h('form', { class: 'import', onsubmit: async (e) => {
    e.preventDefault();
    if (!file.files.length) return;
    note(report, 'importing…');
    try {
      const r = await api('POST', '/api/plates/import', await file.files[0].text(), 'text/csv');
      fill(report, h('p', { class: r.rejected ? 'note warn' : 'note ok', role: 'status' },
        `${r.rows} rows: ${r.inserted} added, ${r.updated} updated, ${r.rejected} rejected`),
      r.errors.length ? h('ul', { class: 'errors' }, r.errors.map((x) =>
        h('li', {}, `line ${x.line ?? x.index}: ${x.plate ? x.plate + ': ' : ''}${x.error}`))) : null);
      load();
    } catch (err) {
      note(report, err.message, 'error');
    }
  } }, label('Import CSV (plate, kind, owner, notes, validFrom, validTo, lanes)', file),
  h('button', { type: 'submit' }, 'Import'));
  const exportLink = h('a', { class: 'button', href: '/api/plates.csv', download: 'lanekeeper-plates.csv' },
    'Export CSV');

  q.addEventListener('input', debounce(load, 250));
  fill(view, h('h2', {}, 'Registered plates'), help('Plates the gates let in (allowed) or never let in (deny list), '
    + 'with validity, lanes and a weekly schedule. A look-alike read (O for 0, B for 8) still matches within the '
    + 'lane\u2019s distance; a deny entry wins over everything. Import a CSV to add many at once.'), msg, can('admin') ? [form, importForm, report] : null,
    personal ? h('p', {}, exportLink) : null, q, list);
  prefill();
  load();

  /** #plates?plate=&kind=&lanes=&notes=: the form filled from a refused vehicle, for an admin to check and save. */
  function prefill() {
    const p = new URLSearchParams(location.hash.split('?')[1] || '');
    if (!can('admin') || !p.get('plate')) return;
    edit(null);
    f.plate.value = p.get('plate').slice(0, 20);
    f.kind.value = p.get('kind') === 'deny' ? 'deny' : 'allow';
    f.lanes.value = (p.get('lanes') || '').slice(0, 200);
    f.notes.value = (p.get('notes') || '').slice(0, 2000);
    note(msg, f.kind.value === 'deny'
      ? `Deny-list ${f.plate.value}: check the plate and the notes, then add it.`
      : `Register ${f.plate.value}: add the owner, validity and lanes, then add it.`);
    (f.kind.value === 'deny' ? save : f.owner).focus();
  }
}

function validity(p) {
  const from = p.validFrom ? dateTime(p.validFrom) : '';
  const to = p.validTo ? dateTime(p.validTo) : '';
  return from || to ? `${from || '…'} – ${to || '…'}` : 'always';
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "mon-fri 07:00-19:00; sat 08:00-12:00" to the schedule JSON; empty to null. */
function parseSchedule(text) {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  const windows = t.split(';').map((part) => {
    const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(part.trim());
    if (!m) throw new Error(`schedule: cannot read "${part.trim()}"; write e.g. mon-fri 07:00-19:00`);
    const a = DAYS.indexOf(m[1]);
    const b = m[2] ? DAYS.indexOf(m[2]) : a;
    if (a < 0 || b < 0) throw new Error(`schedule: days are mon, tue, wed, thu, fri, sat, sun`);
    const days = [];
    for (let i = a; ; i = (i + 1) % 7) {
      days.push(DAYS[i]);
      if (i === b) break;
    }
    return { days, from: m[3].padStart(5, '0'), to: m[4].padStart(5, '0') };
  });
  return { windows };
}

function scheduleText(s) {
  return (s.windows || []).map((w) => {
    const d = w.days || [];
    return (d.length > 1 ? `${d[0]}-${d[d.length - 1]}` : d[0]) + ` ${w.from}-${w.to}`;
  }).join('; ');
}

function debounce(fn, ms) {
  let t;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

// ---- visitor passes: a form for a receptionist on a phone ----

export async function passes(view) {
  const msg = h('div', { class: 'message' });
  const out = result(msg);
  const lots = await api('GET', '/api/lots').catch(() => ({ lots: [] }));
  const now = new Date();
  const f = {
    plate: h('input', { name: 'plate', required: true, maxlength: 20, autocomplete: 'off', autocapitalize: 'characters',
      inputmode: 'text', placeholder: 'ABC1234' }),
    hours: h('select', { name: 'hours' }, [1, 2, 4, 8, 24, 72].map((n) =>
      h('option', { value: n, selected: n === 4 }, n < 24 ? `${n} h` : `${n / 24} day${n > 24 ? 's' : ''}`))),
    from: h('input', { name: 'from', type: 'datetime-local', value: localInput(now) }),
    lot: h('select', { name: 'lot' }, h('option', { value: '' }, 'any lot'),
      lots.lots.map((l) => h('option', { value: l.id }, l.name || l.id))),
    reserved: h('input', { name: 'reserved', type: 'checkbox' }),
    note: h('input', { name: 'note', maxlength: 500, placeholder: 'visitor, host' }),
  };
  const list = h('div');
  const form = h('form', { class: 'editor pass', id: 'pass-form', onsubmit: async (e) => {
    e.preventDefault();
    const from = f.from.value ? new Date(f.from.value) : new Date();
    const to = new Date(from.getTime() + Number(f.hours.value) * 3600e3);
    try {
      const p = await api('POST', '/api/passes', { plate: f.plate.value, validFrom: from.toISOString(),
        validTo: to.toISOString(), lot: f.lot.value || null, reserved: f.reserved.checked, note: f.note.value || null });
      out.ok(`Pass for ${p.plate} until ${dateTime(p.validTo)}`);
      f.plate.value = '';
      f.note.value = '';
      load();
    } catch (err) {
      out.fail(err);
    }
  } }, label('Plate', f.plate), label('For', f.hours), label('From', f.from), label('Lot', f.lot),
  h('label', { class: 'check' }, f.reserved, h('span', {}, 'reserved space')), label('Note', f.note),
  h('button', { type: 'submit' }, 'Issue pass'));

  async function load() {
    try {
      const r = await api('GET', '/api/passes');
      fill(list, r.passes.length ? h('table', {}, h('thead', {}, h('tr', {},
        ['Plate', 'From', 'To', 'Lot', can('operator') ? 'Note' : null, ''].filter((t) => t !== null)
          .map((t) => h('th', {}, t)))),
      h('tbody', {}, r.passes.map((p) => h('tr', {}, h('td', { class: 'plate' }, p.plate),
        h('td', {}, dateTime(p.validFrom)), h('td', {}, dateTime(p.validTo)),
        h('td', {}, (p.lot || 'any') + (p.reserved ? ' (reserved)' : '')),
        can('operator') ? h('td', {}, p.note || '') : null,
        h('td', {}, can('operator') ? h('button', { type: 'button', class: 'danger', onclick: async () => {
          try {
            await api('DELETE', `/api/passes/${p.id}`);
            load();
          } catch (err) {
            out.fail(err);
          }
        } }, 'End') : null)))))
        : h('p', { class: 'muted' }, 'No current passes.'));
    } catch (err) {
      out.fail(err);
    }
  }
  fill(view, h('h2', {}, 'Visitor passes'), help('A pass lets one plate in for a while (a visitor, a delivery). '
    + 'A reserved pass holds a place: it gets in even when the lot is full.'), msg, can('operator') ? form : null, list);
  load();
}

// ---- lots ----

export async function lots(view) {
  const msg = h('div', { class: 'message' });
  const out = result(msg);
  const list = h('div');
  async function load() {
    try {
      const r = await api('GET', '/api/lots');
      fill(list, h('table', {}, h('thead', {}, h('tr', {},
        ['Lot', 'Name', 'Capacity', 'Inside', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.lots.map((l) => lotRow(l, out, load)))));
    } catch (err) {
      out.fail(err);
    }
  }
  const id = h('input', { name: 'id', required: true, pattern: '[a-z0-9][a-z0-9-]{0,39}', placeholder: 'garage-1' });
  const name = h('input', { name: 'name', required: true, maxlength: 100 });
  const cap = h('input', { name: 'capacity', type: 'number', min: 0 });
  const form = h('form', { class: 'editor', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/lots', { id: id.value, name: name.value, capacity: cap.value === '' ? null : Number(cap.value) });
      out.ok(`lot ${id.value} added`);
      load();
    } catch (err) {
      out.fail(err);
    }
  } }, label('Id', id), label('Name', name), label('Capacity', cap), h('button', { type: 'submit' }, 'Add lot'));
  fill(view, h('h2', {}, 'Lots'), help('A lot counts the vehicles its entry lanes let in and its exit lanes let '
    + 'out; when it is full only reservations get in. Correct a count that drifted, or mark one vehicle gone under '
    + 'Who is inside.'), msg, can('admin') ? form : null, list);
  load();
}

function lotRow(l, out, reload) {
  const name = h('input', { value: l.name, maxlength: 100, 'aria-label': 'name' });
  const cap = h('input', { type: 'number', min: 0, value: l.capacity ?? '', 'aria-label': 'capacity' });
  const inside = h('input', { type: 'number', min: 0, value: l.occupancy, 'aria-label': 'vehicles inside' });
  const actions = [];
  if (can('admin')) {
    actions.push(h('button', { type: 'button', onclick: async () => {
      try {
        await api('PUT', `/api/lots/${encodeURIComponent(l.id)}`, { name: name.value,
          capacity: cap.value === '' ? null : Number(cap.value) });
        out.ok(`${l.id} saved`);
        reload();
      } catch (err) {
        out.fail(err);
      }
    } }, 'Save'));
  }
  if (can('operator')) {
    actions.push(h('button', { type: 'button', onclick: async () => {
      try {
        await api('PUT', `/api/lots/${encodeURIComponent(l.id)}/occupancy`, { occupancy: Number(inside.value) });
        out.ok(`${l.id}: count set to ${inside.value}`);
        reload();
      } catch (err) {
        out.fail(err);
      }
    } }, 'Set count'));
  }
  actions.push(h('button', { type: 'button', class: 'show-inside', onclick: (e) => toggleInside(e.target, l, out) },
    'Who is inside'));
  return h('tr', { dataset: { lot: l.id } }, h('td', {}, l.id), h('td', {}, can('admin') ? name : l.name),
    h('td', {}, can('admin') ? cap : String(l.capacity ?? 'no limit')),
    h('td', {}, can('operator') ? inside : String(l.occupancy)), h('td', {}, actions));
}

const INSIDE_PAGE = 50;

/**
 * Under a lot's row: the plates counted inside, newest first, a page at a time, searchable; an operator marks one
 * gone with a reason (it leaves the count, and anti-passback lets it in again).
 */
function toggleInside(button, l, out) {
  const row = button.closest('tr');
  const next = row.nextElementSibling;
  if (next && next.classList.contains('inside-row')) {
    next.remove();
    button.textContent = 'Who is inside';
    return;
  }
  button.textContent = 'Hide';
  const q = h('input', { type: 'search', placeholder: 'plate', 'aria-label': `search the plates inside ${l.id}` });
  const list = h('div', { class: 'inside-list' });
  const pager = h('p', { class: 'pager' });
  let offset = 0;
  async function load() {
    const p = new URLSearchParams({ limit: INSIDE_PAGE, offset });
    if (q.value.trim()) p.set('plate', q.value.trim().toUpperCase().replace(/[^A-Z0-9]/g, ''));
    try {
      const r = await api('GET', `/api/lots/${encodeURIComponent(l.id)}/inside?${p}`);
      fill(list, r.inside.length ? h('table', { class: 'inside' },
        h('thead', {}, h('tr', {}, ['Plate', 'Inside since', 'Through', 'Crop', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, r.inside.map((v) => h('tr', {}, h('td', { class: 'plate' }, v.plate),
          h('td', {}, dateTime(v.since)), h('td', {}, v.laneName || v.lane || '–'),
          h('td', {}, v.cropUrl ? h('img', { class: 'crop', src: v.cropUrl, alt: `crop of ${v.plate}`, loading: 'lazy' })
            : h('span', { class: 'no-crop' }, 'no crop')),
          h('td', {}, can('operator') ? goneForm(l, v, out, (r) => {
            const count = row.querySelector('input[aria-label="vehicles inside"]');
            if (count) count.value = r.occupancy;
            load();
          }) : null)))))
        : h('p', { class: 'muted' }, q.value.trim() ? 'No plate inside matches.' : 'Nobody is counted inside.'));
      const total = r.total ?? 0;
      fill(pager, `${total} inside` + (total > INSIDE_PAGE
        ? ` · ${offset + 1}–${Math.min(total, offset + INSIDE_PAGE)}` : ''),
      offset > 0 ? h('button', { type: 'button', class: 'small', onclick: () => { offset -= INSIDE_PAGE; load(); } },
        'Newer') : null,
      offset + INSIDE_PAGE < total ? h('button', { type: 'button', class: 'small',
        onclick: () => { offset += INSIDE_PAGE; load(); } }, 'Older') : null);
    } catch (err) {
      out.fail(err);
    }
  }
  q.addEventListener('input', debounce(() => { offset = 0; load(); }, 250));
  row.after(h('tr', { class: 'inside-row' }, h('td', { colspan: 5 }, label('Search', q), pager, list)));
  load();
}

function goneForm(l, v, out, done) {
  const why = h('input', { name: 'why', required: true, maxlength: 200, placeholder: 'reason',
    'aria-label': `why ${v.plate} is gone` });
  return h('form', { class: 'open-form gone-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const r = await api('POST', `/api/lots/${encodeURIComponent(l.id)}/inside/${encodeURIComponent(v.plate)}/gone`,
        { why: why.value });
      out.ok(`${v.plate} marked gone from ${l.id}; ${r.occupancy} inside`
        + (r.written ? '' : ' (the database will have it when it answers again)'));
      done(r);
    } catch (err) {
      out.fail(err);
    }
  } }, why, h('button', { type: 'submit', class: 'small' }, 'Mark gone'));
}

// ---- users ----

export async function users(view) {
  const msg = h('div', { class: 'message' });
  const out = result(msg);
  const list = h('div');
  const roles = () => h('select', { name: 'role' }, ['viewer', 'operator', 'admin'].map((r) => h('option', { value: r }, r)));
  const name = h('input', { name: 'name', required: true, maxlength: 64, autocomplete: 'off' });
  const role = roles();
  const password = h('input', { name: 'password', type: 'password', required: true, minlength: 10,
    autocomplete: 'new-password' });
  async function load() {
    try {
      const r = await api('GET', '/api/users');
      fill(list, h('table', {}, h('thead', {}, h('tr', {},
        ['Name', 'Role', 'Enabled', 'Password changed', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.users.map((u) => {
        const sel = roles();
        sel.value = u.role;
        sel.setAttribute('aria-label', `role of ${u.name}`);
        const enabled = h('input', { type: 'checkbox', checked: !u.disabled, 'aria-label': `${u.name} enabled` });
        const pw = h('input', { type: 'password', placeholder: 'new password', minlength: 10,
          autocomplete: 'new-password', 'aria-label': 'new password' });
        return h('tr', {}, h('td', {}, u.name), h('td', {}, sel), h('td', {}, enabled),
          h('td', {}, dateTime(u.passwordChangedAt)), h('td', {},
            h('button', { type: 'button', class: 'save-user', onclick: async () => {
              out.reset();
              const body = { role: sel.value, disabled: !enabled.checked };
              if (pw.value) body.password = pw.value;
              try {
                await api('PUT', `/api/users/${u.id}`, body);
                out.ok(`${u.name} saved`);
                load();
              } catch (err) {
                // refused (the last admin, a short password...): the controls show what is stored, not the wish
                sel.value = u.role;
                enabled.checked = !u.disabled;
                pw.value = '';
                out.fail(err);
              }
            } }, 'Save'), pw,
            h('button', { type: 'button', class: 'danger', onclick: async () => {
              out.reset();
              if (!confirm(`Delete ${u.name}?`)) return;
              try {
                await api('DELETE', `/api/users/${u.id}`);
                load();
              } catch (err) {
                out.fail(err);
              }
            } }, 'Delete')));
      }))));
    } catch (err) {
      out.fail(err);
    }
  }
  const form = h('form', { class: 'editor', onsubmit: async (e) => {
    e.preventDefault();
    out.reset();
    try {
      await api('POST', '/api/users', { name: name.value, role: role.value, password: password.value });
      out.ok(`${name.value} added`);
      name.value = '';
      password.value = '';
      load();
    } catch (err) {
      out.fail(err);
    }
  } }, label('Name', name), label('Role', role), label('Password', password), h('button', { type: 'submit' }, 'Add user'));
  fill(view, h('h2', {}, 'Users'), help('Viewers watch and search; operators also open barriers, issue passes '
    + 'and correct counts; admins also change plates, lanes, lots and users. Every change is in the audit.'), msg, form, list);
  load();
}

// ---- audit ----

export async function audit(view) {
  const list = h('div');
  const entity = h('select', { name: 'entity' }, h('option', { value: '' }, 'everything'),
    ['plate', 'pass', 'lot', 'lane', 'user', 'gate', 'presence', 'retention', 'privacy'].map((e) => h('option', { value: e }, e)));
  async function load() {
    try {
      const r = await api('GET', '/api/audit?limit=200' + (entity.value ? '&entity=' + entity.value : ''));
      fill(list, h('table', { class: 'audit' }, h('thead', {}, h('tr', {},
        ['When', 'Who', 'What', 'Changes'].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.entries.map((a) => h('tr', {}, h('td', {}, dateTime(a.at)), h('td', {}, a.actor),
        h('td', {}, auditWhat(a)), h('td', {}, changes(a.before, a.after)))))));
    } catch (err) {
      note(list, err.message, 'error');
    }
  }
  entity.addEventListener('change', load);
  fill(view, h('h2', {}, 'Audit'), help('Who changed what and when: plates, passes, lots, lanes and users, every '
    + 'barrier opened by hand, vehicles marked gone, the daily purge, exports and erasures.'), label('Show', entity), list);
  load();
}

// The audit in words: names for the columns, values as people write them, internal columns left out.
const FIELD_NAMES = {
  plate: 'plate', display: 'plate as written', kind: 'kind', owner: 'owner', notes: 'notes', valid_from: 'valid from',
  valid_to: 'valid to', schedule: 'schedule', lanes: 'lanes', lot_id: 'lot', reserved: 'reserved place', note: 'note',
  name: 'name', capacity: 'capacity', occupancy: 'count', role: 'role', disabled: 'disabled', direction: 'direction',
  max_distance: 'maximum distance', formats: 'plate formats', enabled: 'enabled', anti_passback: 'anti-passback',
  exit_rule: 'exit rule', camera: 'camera', gate: 'barrier', result: 'result', why: 'reason', vehicle: 'vehicle',
  lane: 'lane', lane_id: 'lane', entered_at: 'inside since', vehicle_id: 'vehicle', lot: 'lot',
};
const HIDDEN_FIELDS = new Set(['id', 'updated_at', 'created_at', 'created_by', 'updated_by', 'password_changed_at',
  'occupancy_set_at', 'occupancy_set_by', 'edited_at', 'edited_by', 'action']);
const ACTION_WORDS = { create: 'added', update: 'changed', delete: 'deleted', open: 'opened', close: 'closed',
  reset: 'reset', gone: 'marked gone', purge: 'purged', export: 'exported', erase: 'erased' };

/** Nested objects (a lane's camera and barrier, its config) as dotted fields, so a change names what changed. */
function flatten(o, prefix = '', out = {}) {
  Object.entries(o || {}).forEach(([k, v]) => {
    if (!prefix && HIDDEN_FIELDS.has(k)) return;
    const key = k === 'config' && !prefix ? '' : prefix + k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key ? key + '.' : '', out);
    else out[key] = v;
  });
  return out;
}

function fieldName(k) {
  const parts = k.split('.');
  const last = parts[parts.length - 1];
  return (parts.length > 1 ? parts.slice(0, -1).join(' ') + ' ' : '') + (FIELD_NAMES[last] || last.replace(/_/g, ' '));
}

function valueText(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(valueText).join(', ') : '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return dateTime(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function changes(before, after) {
  const b = flatten(before);
  const a = flatten(after);
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const out = [];
  keys.forEach((k) => {
    const bv = valueText(b[k]);
    const av = valueText(a[k]);
    if (!before) { if (av !== '—') out.push(`${fieldName(k)}: ${av}`); }
    else if (!after) { if (bv !== '—') out.push(`${fieldName(k)}: ${bv}`); }
    else if (av !== bv) out.push(`${fieldName(k)}: ${bv} → ${av}`);
  });
  return h('ul', { class: 'changes' }, out.map((t) => h('li', {}, t)));
}

/** "plate ABC 1234 changed", "gate gate-1 opened": what the entry is about, in words. */
function auditWhat(e) {
  const row = e.after || e.before || {};
  const which = row.display || row.name || row.plate || e.entityId || '';
  return `${e.entity} ${which} ${ACTION_WORDS[e.action] || e.action}`.replace(/\s+/g, ' ').trim();
}

// ---- privacy: a person's records by plate (export, erasure) and the retention purge ----

export async function privacy(view) {
  const msg = h('div', { class: 'message', id: 'privacy-result' });
  const out = result(msg);
  const plate = h('input', { name: 'plate', required: true, maxlength: 20, autocomplete: 'off',
    placeholder: 'e.g. ABC1234' });
  const why = h('input', { name: 'why', required: true, maxlength: 200, placeholder: 'request reference' });
  const norm = () => plate.value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const exportButton = h('button', { type: 'button', id: 'privacy-export', onclick: async () => {
    if (!norm() || !why.value.trim()) return out.fail(new Error('give the plate and the request reference'));
    try {
      const r = await api('GET', `/api/privacy/plates/${encodeURIComponent(norm())}/export?why=`
        + encodeURIComponent(why.value));
      const url = URL.createObjectURL(new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' }));
      const a = h('a', { href: url, download: `lanekeeper-${norm()}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      out.ok(`Exported ${r.events.length} decisions, ${r.reads.length} reads, ${r.registrations.length} `
        + `registrations and ${r.passes.length} passes of ${r.plate}${r.truncated ? ' (the newest only)' : ''}.`);
    } catch (err) {
      out.fail(err);
    }
  } }, 'Export everything held');
  const eraseButton = h('button', { type: 'button', class: 'danger', id: 'privacy-erase', onclick: async () => {
    if (!norm() || !why.value.trim()) return out.fail(new Error('give the plate and the request reference'));
    const again = prompt(`Erase every record of ${norm()}: decisions, reads, frames, passes and registrations? `
      + 'This cannot be undone. Type the plate again to confirm.');
    if (again === null) return;
    try {
      const r = await api('POST', `/api/privacy/plates/${encodeURIComponent(norm())}/erase`,
        { why: why.value, confirm: again });
      out.ok(`Erased ${r.plate}: ${r.events} decisions, ${r.reads} reads, ${r.frames} frames, ${r.passes} passes, `
        + `${r.registrations} registrations, ${r.inside} inside. The audit keeps the request under ${r.pseudonym}.`);
    } catch (err) {
      out.fail(err);
    }
  } }, 'Erase');
  const purgeButton = h('button', { type: 'button', onclick: async () => {
    try {
      const r = await api('POST', '/api/privacy/purge', {});
      out.ok(r.skipped ? `Not run: ${r.skipped}` : `Purged in ${r.ms} ms: ${r.eventsPseudonymised || 0} decisions `
        + `pseudonymised, ${r.eventsDeleted || 0} deleted, ${r.readsDeleted || 0} reads deleted, `
        + `${(r.eventCropsDropped || 0) + (r.readCropsDropped || 0)} crops and ${r.framesDeleted || 0} frames removed.`);
    } catch (err) {
      out.fail(err);
    }
  } }, 'Run the purge now');
  fill(view, h('h2', {}, 'Privacy'),
    h('p', { class: 'muted' }, 'What a person may ask about their plate: a copy of everything held about it, or '
      + 'its erasure. Both are audited under the plate\u2019s pseudonym. Retention runs daily (docs/privacy.md).'),
    msg, h('form', { class: 'editor', onsubmit: (e) => e.preventDefault() }, label('Plate', plate),
      label('Request', why), exportButton, eraseButton),
    h('h2', {}, 'Retention'), h('p', {}, purgeButton));
}

// ---- lanes: admins change a lane's rules, camera and gate wiring; the controller runs the change at once ----

const CAMERA_TYPES = ['push', 'folder', 'snapshot', 'mjpeg', 'exec', 'rtsp'];
// the camera fields each source reads; the form hides the others and sends them back as they were stored
const CAMERA_FIELDS = {
  push: [],
  folder: ['path', 'fps'],
  snapshot: ['url', 'stallMs'],
  mjpeg: ['url', 'stallMs'],
  exec: ['command', 'stallMs'],
  rtsp: ['url', 'username', 'password', 'transport', 'fps', 'stallMs'],
};
const URL_EXAMPLES = { snapshot: 'http://camera/snapshot.jpg', mjpeg: 'http://camera/video.mjpg',
  rtsp: 'rtsp://camera:554/Streaming/Channels/102' };
const STALL_DEFAULTS = { snapshot: '3 × interval, at least 10000', mjpeg: '10000', exec: '10000', rtsp: '5000' };
const FPS_RANGES = { folder: [0.01, 60], rtsp: [0.5, 25] };
// settings whose default depends on the source: the server fills them in, so a lane read back holds the old source's
// (a push lane's stallMs 0 would leave an rtsp camera without its watchdog); a new source starts from its own
const SOURCE_DEFAULTS = ['fps', 'stallMs', 'minPlateWidth', 'motionThreshold'];
// what the server sends in place of a stored secret; sent back, it keeps that secret
const MASK = '***';
const GATE_DRIVERS = ['gpio', 'mqtt', 'none'];

export async function lanes(view) {
  const msg = h('div', { class: 'message' });
  const out = result(msg);
  const list = h('div');
  const editor = h('div');
  async function load() {
    try {
      const r = await api('GET', '/api/lanes');
      fill(list, h('table', {}, h('thead', {}, h('tr', {}, ['Lane', 'Name', 'Direction', 'Formats', 'Max distance', 'Lot',
        'Enabled', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.lanes.map((l) => h('tr', { dataset: { lane: l.id } }, h('td', {}, l.id), h('td', {}, l.name),
        h('td', {}, l.direction), h('td', {}, (l.formats || []).join(', ')), h('td', {}, String(l.maxDistance)),
        h('td', {}, l.lot || '–'), h('td', {}, l.enabled === false ? 'no' : 'yes'),
        h('td', {}, can('admin') ? h('button', { type: 'button', class: 'small', onclick: () => edit(l.id) }, 'Edit')
          : ''))))));
    } catch (err) {
      out.fail(err);
    }
  }
  async function edit(id) {
    try {
      const cfg = id ? await api('GET', `/api/lanes/${encodeURIComponent(id)}/config`) : { camera: { type: 'push' },
        gate: { driver: 'none' }, direction: 'entry', maxDistance: 1, formats: [], enabled: true };
      // an exec camera runs one of the programs the device's own file lists; the browser only picks a name
      const { commands } = await api('GET', '/api/camera-commands');
      const { lots } = await api('GET', '/api/lots');
      fill(editor, laneForm(cfg, !id, out, () => { clear(editor); load(); }, commands, lots.map((l) => l.id)));
      editor.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      out.fail(err);
    }
  }
  fill(view, h('h2', {}, 'Lanes'), msg,
    h('p', { class: 'muted' }, can('admin')
      ? 'A change runs at once: the camera restarts, the next car is decided by the new rules, and the barrier takes a new wiring when it is closed.'
      : 'Lanes, cameras and gate wiring are set by an admin.'),
    list, can('admin') ? h('p', {}, h('button', { type: 'button', onclick: () => edit(null) }, 'Add lane')) : null,
    editor);
  load();
}

/** Whether two lane configurations are the same, whatever the order of their keys and the fields left unset. */
function same(a, b) {
  const norm = (v) => (Array.isArray(v) ? v.map(norm) : v && typeof v === 'object'
    ? Object.fromEntries(Object.keys(v).filter((k) => v[k] !== undefined && v[k] !== null).sort()
      .map((k) => [k, norm(v[k])]))
    : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** The form of one lane; fields it does not show (timings, motion threshold...) are kept as they are. */
function laneForm(cfg, isNew, out, done, commands = [], lotIds = []) {
  const cam = cfg.camera || {};
  const gate = cfg.gate || {};
  const text = (name, value, attrs = {}) => h('input', { name, value: value ?? '', ...attrs });
  const num = (name, value, attrs = {}) => h('input', { name, type: 'number', value: value ?? '', ...attrs });
  const select = (name, options, value) => h('select', { name }, options.map((o) =>
    h('option', { value: o, selected: o === value }, o)));
  const check = (name, value) => h('input', { name, type: 'checkbox', checked: !!value });
  const f = {
    id: text('id', cfg.id, { required: true, pattern: '[a-z0-9][a-z0-9-]{0,39}', readonly: !isNew }),
    name: text('name', cfg.name, { maxlength: 100 }),
    direction: select('direction', ['entry', 'exit'], cfg.direction || 'entry'),
    enabled: check('enabled', cfg.enabled !== false),
    formats: text('formats', (cfg.formats || []).join(', '), { placeholder: 'BR, EU, us-ca… (empty: any)' }),
    strictFormats: check('strictFormats', cfg.strictFormats),
    maxDistance: num('maxDistance', cfg.maxDistance ?? 1, { min: 0, max: 2, step: 0.5 }),
    // the lots the site has (the Lots page adds them): a typo must not make a lot of its own
    lot: h('select', { name: 'lot' }, h('option', { value: '' }, 'none'),
      [...new Set([...lotIds, ...(cfg.lot ? [cfg.lot] : [])])].map((id) =>
        h('option', { value: id, selected: id === cfg.lot }, id))),
    antiPassback: check('antiPassback', cfg.antiPassback),
    exitRule: select('exitRule', ['all', 'entered'], cfg.exitRule || 'all'),
    camType: select('cameraType', CAMERA_TYPES, cam.type || 'push'),
    // a password in a URL comes back as ***: left in place it keeps the stored one
    camUrl: text('cameraUrl', cam.url, { autocomplete: 'off',
      title: 'A stored password shows as ***; leave it to keep it, or type the new one in its place' }),
    camPath: text('cameraPath', cam.path, { placeholder: '/var/lib/frames' }),
    camCommand: select('cameraCommand', ['', ...commands], cam.command || ''),
    camFps: num('cameraFps', cam.fps, { step: 'any' }),
    camUser: text('cameraUsername', cam.username, { autocomplete: 'off', maxlength: 200 }),
    // write-only: never filled in, so the page never holds the stored password; empty keeps it
    camPassword: h('input', { name: 'cameraPassword', type: 'password', autocomplete: 'new-password', maxlength: 200,
      placeholder: cam.password === MASK ? 'stored: unchanged' : '' }),
    camTransport: select('cameraTransport', ['tcp', 'udp'], cam.transport || 'tcp'),
    stallMs: num('stallMs', cam.stallMs, { min: 0, step: 500 }),
    minPlateWidth: num('minPlateWidth', cam.minPlateWidth, { min: 0, max: 0.5, step: 0.001 }),
    minConfidence: num('minConfidence', cfg.read?.minConfidence ?? 0.5, { min: 0.05, max: 1, step: 0.01 }),
    driver: select('gateDriver', GATE_DRIVERS, gate.driver || 'gpio'),
    relayLine: num('relayLine', gate.relayLine, { min: 0 }),
    loopLine: num('loopLine', gate.loopLine, { min: 0 }),
    mode: select('gateMode', ['pulse', 'hold'], gate.mode || 'pulse'),
    pulseMs: num('pulseMs', gate.pulseMs, { min: 50 }),
    relayTopic: text('relayTopic', gate.relayTopic, { placeholder: 'relays/gate-1/set (mqtt)' }),
  };
  const camLabels = {
    url: label('URL', f.camUrl),
    path: label('Folder', f.camPath),
    command: label('Program', f.camCommand),
    username: label('Username', f.camUser),
    password: label('Password', f.camPassword),
    transport: label('Transport', f.camTransport),
    fps: label('Frames per second', f.camFps),
    stallMs: label('Stall timeout ms (0: off)', f.stallMs),
  };
  const region = regionEditor(isNew ? null : cfg.id, cam.roi, f.camType.value);
  function showCamera() {
    const type = f.camType.value;
    // an untouched setting of the source the lane had makes way for the new source's default
    for (const [k, input] of [['fps', f.camFps], ['stallMs', f.stallMs], ['minPlateWidth', f.minPlateWidth]]) {
      if (type !== cam.type && input.value === String(cam[k] ?? '')) input.value = '';
      if (type === cam.type && input.value === '') input.value = cam[k] ?? '';
    }
    for (const [k, el] of Object.entries(camLabels)) el.hidden = !CAMERA_FIELDS[type].includes(k);
    f.camUrl.placeholder = URL_EXAMPLES[type] || '';
    f.stallMs.placeholder = STALL_DEFAULTS[type] ? `default ${STALL_DEFAULTS[type]}` : '';
    const [min, max] = FPS_RANGES[type] || [];
    f.camFps.min = min ?? '';
    f.camFps.max = max ?? '';
    f.camFps.placeholder = type === 'rtsp' ? 'default 5' : 'default 2';
    f.minPlateWidth.placeholder = type === 'push' ? 'default 0' : 'default 0.03';
    region.setType(type);
  }
  f.camType.addEventListener('change', showCamera);
  showCamera();
  // anti-passback is an entry's rule, the exit rule an exit's: each shows where it means something
  function showDirection() {
    const exit = f.direction.value === 'exit';
    f.antiPassback.closest('label').hidden = exit;
    f.exitRule.closest('label').hidden = !exit;
  }
  const numeric = (input) => (input.value === '' ? undefined : Number(input.value));
  const opt = (v) => (v === '' ? undefined : v);
  const form = h('form', { class: 'editor lane-editor', onsubmit: async (e) => {
    e.preventDefault();
    const roi = region.value();
    if (roi.length > 0 && roi.length < 3) {
      out.fail(new Error('the plate region needs at least 3 points; Clear goes back to the default region'));
      return;
    }
    const type = f.camType.value;
    const camera = { ...cam, type, roi };
    if (type !== cam.type) SOURCE_DEFAULTS.forEach((k) => delete camera[k]);
    camera.minPlateWidth = numeric(f.minPlateWidth);
    const shown = {
      url: opt(f.camUrl.value.trim()),
      path: opt(f.camPath.value.trim()),
      command: opt(f.camCommand.value),
      fps: numeric(f.camFps),
      username: opt(f.camUser.value.trim()),
      password: f.camPassword.value || (cam.password === MASK ? MASK : undefined),
      transport: f.camTransport.value,
      stallMs: numeric(f.stallMs),
    };
    for (const k of CAMERA_FIELDS[type]) camera[k] = shown[k];
    const g = { ...gate, driver: f.driver.value, mode: f.mode.value, relayTopic: opt(f.relayTopic.value.trim()) };
    for (const k of ['relayLine', 'loopLine', 'pulseMs']) g[k] = f[k].value === '' ? undefined : Number(f[k].value);
    const lane = { ...cfg, id: f.id.value.trim(), name: f.name.value.trim() || undefined, direction: f.direction.value,
      enabled: f.enabled.checked, formats: f.formats.value.split(/[;,\s]+/).filter(Boolean),
      strictFormats: f.strictFormats.checked,
      maxDistance: Number(f.maxDistance.value), lot: opt(f.lot.value.trim()) ?? null,
      antiPassback: f.antiPassback.checked, exitRule: f.exitRule.value, camera, gate: g,
      read: { ...cfg.read, minConfidence: Number(f.minConfidence.value) } };
    if (!isNew && same(lane, cfg)) {
      out.ok(`lane ${lane.id}: nothing changed`);
      return;
    }
    try {
      const r = isNew ? await api('POST', '/api/lanes', lane)
        : await api('PUT', `/api/lanes/${encodeURIComponent(lane.id)}`, lane);
      out.ok(`lane ${lane.id} saved and running` + (r.gate === 'pending'
        ? '; its barrier takes the new wiring when it is next closed' : ''));
      done();
    } catch (err) {
      out.fail(err);
    }
  } },
  h('fieldset', {}, h('legend', {}, 'Lane'), label('Id', f.id), label('Name', f.name), label('Direction', f.direction),
    label('Enabled', f.enabled), label('Plate formats (ids, countries, regions)', f.formats),
    label('Only reads that fit these formats', f.strictFormats), label('Max distance', f.maxDistance),
    label('Lot', f.lot), label('Anti-passback', f.antiPassback), label('Exit rule', f.exitRule),
    label('Least read confidence', f.minConfidence)),
  h('fieldset', {}, h('legend', {}, 'Camera'), label('Source', f.camType), Object.values(camLabels)),
  h('fieldset', { class: 'region' }, h('legend', {}, 'Plate region'), region.el,
    label('Least plate width (fraction of the frame width)', f.minPlateWidth)),
  h('fieldset', {}, h('legend', {}, 'Barrier'), label('Driver', f.driver), label('Relay line', f.relayLine),
    label('Loop line', f.loopLine), label('Mode', f.mode), label('Pulse ms', f.pulseMs),
    label('Relay topic', f.relayTopic)),
  h('button', { type: 'submit' }, isNew ? 'Add lane' : 'Save lane'),
  h('button', { type: 'button', onclick: done }, 'Cancel'));
  f.direction.addEventListener('change', showDirection);
  showDirection();
  return form;
}

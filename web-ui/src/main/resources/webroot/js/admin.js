// Admin console: plates (CRUD, deny list, validity, lanes, CSV import/export), visitor passes, lots, users, audit.
// The server checks every role; the page only hides what the person may not use.

import { h, label, clear, fill, dateTime, localInput, note } from './dom.js';
import { api, can } from './api.js';
import { regionEditor } from './region.js';
import { t, tn, mark, word, language, LANGUAGES } from './i18n.js';

/** A page's short help: what it is for, in a sentence or two. */
function help(text) {
  return h('p', { class: 'help muted' }, text);
}

function iso(local) {
  return local ? new Date(local).toISOString() : null;
}

function result(el) {
  return {
    ok: (text) => note(el, text, 'ok'),
    reset: () => clear(el),
    fail: (e) => note(el, e.message, 'error'),
  };
}

// ---- plates ----

export async function plates(view) {
  const msg = h('div', { class: 'message' });
  const out = result(msg);
  const list = h('div');
  // owners and notes are personal data: the server sends them to operators and admins only
  const personal = can('operator');
  const q = h('input', { type: 'search', name: 'q',
    placeholder: personal ? t('search plate or owner') : t('search plate'),
    'aria-label': t('search') });
  const f = {
    id: null,
    plate: h('input', { name: 'plate', required: true, maxlength: 20, autocomplete: 'off' }),
    kind: h('select', { name: 'kind' }, h('option', { value: 'allow' }, t('allowed')),
      h('option', { value: 'deny' }, t('deny list'))),
    owner: h('input', { name: 'owner', maxlength: 200 }),
    notes: h('input', { name: 'notes', maxlength: 2000 }),
    validFrom: h('input', { name: 'validFrom', type: 'datetime-local' }),
    validTo: h('input', { name: 'validTo', type: 'datetime-local' }),
    lanes: h('input', { name: 'lanes', placeholder: t('all lanes, or e.g. entry-1;exit-1') }),
    schedule: h('input', { name: 'schedule', placeholder: t('e.g. mon-fri 07:00-19:00') }),
  };
  const save = h('button', { type: 'submit' }, t('Add plate'));
  const cancel = h('button', { type: 'button', hidden: true, onclick: () => edit(null) }, t('Cancel'));
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
      // a caption typed with the plate (Sri Lanka's province letters) is stored as the display only
      out.ok(p.note ? t('{what} saved; the camera reads it as {plate}', { what: p.display, plate: p.plate })
        : t('{what} saved', { what: p.display }));
      edit(null);
      load();
    } catch (err) {
      out.fail(err);
    }
  } }, label(t('Plate'), f.plate), label(t('Kind'), f.kind), label(t('Owner'), f.owner), label(t('Notes'), f.notes),
  label(t('Valid from'), f.validFrom), label(t('Valid to'), f.validTo), label(t('Lanes'), f.lanes),
  label(t('Schedule'), f.schedule), save, cancel);

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
    save.textContent = p ? t('Save changes') : t('Add plate');
    cancel.hidden = !p;
  }

  async function load() {
    try {
      const r = await api('GET', '/api/plates?limit=200' + (q.value.trim() ? '&q=' + encodeURIComponent(q.value.trim()) : ''));
      fill(list, h('p', { class: 'muted' }, t('{n} registered', { n: r.total })), h('table', { class: 'plates' },
        h('thead', {}, h('tr', {}, [t('Plate'), t('Kind'), personal ? t('Owner') : null, t('Valid'), t('Schedule'),
          t('Lanes'), '']
          .filter((x) => x !== null).map((x) => h('th', {}, x)))),
        h('tbody', {}, r.plates.map((p) => h('tr', { class: p.kind === 'deny' ? 'bad' : '' },
          h('td', { class: 'plate' }, p.display), h('td', {}, p.kind === 'deny' ? t('deny list') : t('allowed')),
          personal ? h('td', {}, p.owner || '') : null, h('td', {}, validity(p)),
          h('td', {}, p.schedule ? scheduleText(p.schedule) : t('any time')),
          h('td', {}, p.lanes ? p.lanes.join(', ') : t('all')),
          h('td', {}, can('admin') ? [h('button', { type: 'button', onclick: () => edit(p) }, t('Edit')),
            h('button', { type: 'button', class: 'danger', onclick: () => remove(p) }, t('Delete'))] : null))))));
    } catch (err) {
      out.fail(err);
    }
  }

  async function remove(p) {
    if (!confirm(t('Delete {what}?', { what: p.display }))) return;
    try {
      await api('DELETE', `/api/plates/${p.id}`);
      out.ok(t('{what} deleted', { what: p.display }));
      load();
    } catch (err) {
      out.fail(err);
    }
  }

  const file = h('input', { type: 'file', accept: '.csv,text/csv', name: 'csv', 'aria-label': t('CSV file') });
  const report = h('div', { id: 'import-report' });
  const importForm = h('form', { class: 'import', onsubmit: async (e) => {
    e.preventDefault();
    if (!file.files.length) return;
    note(report, t('importing…'));
    try {
      const r = await api('POST', '/api/plates/import', await file.files[0].text(), 'text/csv');
      fill(report, h('p', { class: r.rejected ? 'note warn' : 'note ok', role: 'status' },
        t('{rows} rows: {inserted} added, {updated} updated, {rejected} rejected', r)),
      r.errors.length ? h('ul', { class: 'errors' }, r.errors.map((x) =>
        h('li', {}, `${t('line {n}', { n: x.line ?? x.index })}: ${x.plate ? x.plate + ': ' : ''}${x.error}`))) : null);
      load();
    } catch (err) {
      note(report, err.message, 'error');
    }
  } }, h('label', {}, h('span', {}, t('Import CSV with the columns'), ' ',
    // the file's column names, as the file must write them
    h('code', { translate: 'no' }, 'plate, kind, owner, notes, validFrom, validTo, lanes')), file),
  h('button', { type: 'submit' }, t('Import')));
  const exportLink = h('a', { class: 'button', href: '/api/plates.csv', download: 'lanekeeper-plates.csv' },
    t('Export CSV'));

  q.addEventListener('input', debounce(load, 250));
  fill(view, h('h2', {}, t('Registered plates')), help(t('Plates the gates let in (allowed) or never let in (deny '
    + 'list), with validity, lanes and a weekly schedule. A look-alike read (O for 0, B for 8) still matches within '
    + 'the lane\u2019s distance; a deny entry wins over everything. Import a CSV to add many at once.')), msg,
  can('admin') ? [form, importForm, report] : null,
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
      ? t('Deny-list {plate}: check the plate and the notes, then add it.', { plate: f.plate.value })
      : t('Register {plate}: add the owner, validity and lanes, then add it.', { plate: f.plate.value }));
    (f.kind.value === 'deny' ? save : f.owner).focus();
  }
}

function validity(p) {
  const from = p.validFrom ? dateTime(p.validFrom) : '';
  const to = p.validTo ? dateTime(p.validTo) : '';
  return from || to ? `${from || '…'} – ${to || '…'}` : t('always');
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "mon-fri 07:00-19:00; sat 08:00-12:00" to the schedule JSON; empty to null. */
function parseSchedule(text) {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  const windows = t.split(';').map((part) => {
    const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(part.trim());
    if (!m) {
      throw new Error(t('schedule: cannot read \u201c{part}\u201d; write e.g. mon-fri 07:00-19:00',
        { part: part.trim() }));
    }
    const a = DAYS.indexOf(m[1]);
    const b = m[2] ? DAYS.indexOf(m[2]) : a;
    if (a < 0 || b < 0) throw new Error(t('schedule: days are mon, tue, wed, thu, fri, sat, sun'));
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
      h('option', { value: n, selected: n === 4 }, n < 24 ? `${n} h` : tn('{n} day', '{n} days', n / 24)))),
    from: h('input', { name: 'from', type: 'datetime-local', value: localInput(now) }),
    lot: h('select', { name: 'lot' }, h('option', { value: '' }, t('any lot')),
      lots.lots.map((l) => h('option', { value: l.id }, l.name || l.id))),
    reserved: h('input', { name: 'reserved', type: 'checkbox' }),
    note: h('input', { name: 'note', maxlength: 500, placeholder: t('visitor, host') }),
  };
  const list = h('div');
  const form = h('form', { class: 'editor pass', id: 'pass-form', onsubmit: async (e) => {
    e.preventDefault();
    const from = f.from.value ? new Date(f.from.value) : new Date();
    const to = new Date(from.getTime() + Number(f.hours.value) * 3600e3);
    try {
      const p = await api('POST', '/api/passes', { plate: f.plate.value, validFrom: from.toISOString(),
        validTo: to.toISOString(), lot: f.lot.value || null, reserved: f.reserved.checked, note: f.note.value || null });
      out.ok(t('Pass for {plate} until {when}', { plate: p.plate, when: dateTime(p.validTo) }));
      f.plate.value = '';
      f.note.value = '';
      load();
    } catch (err) {
      out.fail(err);
    }
  } }, label(t('Plate'), f.plate), label(t('For'), f.hours), label(t('From'), f.from), label(t('Lot'), f.lot),
  h('label', { class: 'check' }, f.reserved, h('span', {}, t('reserved space'))), label(t('Note'), f.note),
  h('button', { type: 'submit' }, t('Issue pass')));

  async function load() {
    try {
      const r = await api('GET', '/api/passes');
      fill(list, r.passes.length ? h('table', {}, h('thead', {}, h('tr', {},
        [t('Plate'), t('From'), t('To'), t('Lot'), can('operator') ? t('Note') : null, ''].filter((x) => x !== null)
          .map((x) => h('th', {}, x)))),
      h('tbody', {}, r.passes.map((p) => h('tr', {}, h('td', { class: 'plate' }, p.plate),
        h('td', {}, dateTime(p.validFrom)), h('td', {}, dateTime(p.validTo)),
        h('td', {}, (p.lot || t('any')) + (p.reserved ? ` (${t('reserved')})` : '')),
        can('operator') ? h('td', {}, p.note || '') : null,
        h('td', {}, can('operator') ? h('button', { type: 'button', class: 'danger', onclick: async () => {
          try {
            await api('DELETE', `/api/passes/${p.id}`);
            load();
          } catch (err) {
            out.fail(err);
          }
        } }, t('End')) : null)))))
        : h('p', { class: 'muted' }, t('No current passes.')));
    } catch (err) {
      out.fail(err);
    }
  }
  fill(view, h('h2', {}, t('Visitor passes')), help(t('A pass lets one plate in for a while (a visitor, a delivery). '
    + 'A reserved pass holds a place: it gets in even when the lot is full.')), msg,
  can('operator') ? form : null, list);
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
        [t('Lot'), t('Name'), t('Capacity'), t('Inside'), ''].map((x) => h('th', {}, x)))),
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
      out.ok(t('lot {id} added', { id: id.value }));
      load();
    } catch (err) {
      out.fail(err);
    }
  } }, label(t('Id'), id), label(t('Name'), name), label(t('Capacity'), cap),
  h('button', { type: 'submit' }, t('Add lot')));
  fill(view, h('h2', {}, t('Lots')), help(t('A lot counts the vehicles its entry lanes let in and its exit lanes let '
    + 'out; when it is full only reservations get in. Correct a count that drifted, or mark one vehicle gone under '
    + 'Who is inside.')), msg, can('admin') ? form : null, list);
  load();
}

function lotRow(l, out, reload) {
  const name = h('input', { value: l.name, maxlength: 100, 'aria-label': t('name') });
  const cap = h('input', { type: 'number', min: 0, value: l.capacity ?? '', 'aria-label': t('capacity') });
  const inside = h('input', { type: 'number', min: 0, value: l.occupancy, 'aria-label': t('vehicles inside'),
    class: 'occupancy' });
  const actions = [];
  if (can('admin')) {
    actions.push(h('button', { type: 'button', onclick: async () => {
      try {
        await api('PUT', `/api/lots/${encodeURIComponent(l.id)}`, { name: name.value,
          capacity: cap.value === '' ? null : Number(cap.value) });
        out.ok(t('{what} saved', { what: l.id }));
        reload();
      } catch (err) {
        out.fail(err);
      }
    } }, t('Save')));
  }
  if (can('operator')) {
    actions.push(h('button', { type: 'button', onclick: async () => {
      try {
        await api('PUT', `/api/lots/${encodeURIComponent(l.id)}/occupancy`, { occupancy: Number(inside.value) });
        out.ok(t('{lot}: count set to {n}', { lot: l.id, n: inside.value }));
        reload();
      } catch (err) {
        out.fail(err);
      }
    } }, t('Set count')));
  }
  actions.push(h('button', { type: 'button', class: 'show-inside', onclick: (e) => toggleInside(e.target, l, out) },
    t('Who is inside')));
  return h('tr', { dataset: { lot: l.id } }, h('td', {}, l.id), h('td', {}, can('admin') ? name : l.name),
    h('td', {}, can('admin') ? cap : String(l.capacity ?? t('no limit'))),
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
    button.textContent = t('Who is inside');
    return;
  }
  button.textContent = t('Hide');
  const q = h('input', { type: 'search', placeholder: t('plate'), 'aria-label': t('search the plates inside {lot}',
    { lot: l.id }) });
  const list = h('div', { class: 'inside-list' });
  const pager = h('p', { class: 'pager' });
  let offset = 0;
  async function load() {
    const p = new URLSearchParams({ limit: INSIDE_PAGE, offset });
    if (q.value.trim()) p.set('plate', q.value.trim().toUpperCase().replace(/[^A-Z0-9]/g, ''));
    try {
      const r = await api('GET', `/api/lots/${encodeURIComponent(l.id)}/inside?${p}`);
      fill(list, r.inside.length ? h('table', { class: 'inside' },
        h('thead', {}, h('tr', {}, [t('Plate'), t('Inside since'), t('Through'), t('Crop'), '']
          .map((x) => h('th', {}, x)))),
        h('tbody', {}, r.inside.map((v) => h('tr', {}, h('td', { class: 'plate' }, v.plate),
          h('td', {}, dateTime(v.since)), h('td', {}, v.laneName || v.lane || '–'),
          h('td', {}, v.cropUrl ? h('img', { class: 'crop', src: v.cropUrl,
            alt: t('crop of {plate}', { plate: v.plate }),
            loading: 'lazy' }) : h('span', { class: 'no-crop' }, t('no crop'))),
          h('td', {}, can('operator') ? goneForm(l, v, out, (r) => {
            const count = row.querySelector('input.occupancy');
            if (count) count.value = r.occupancy;
            load();
          }) : null)))))
        : h('p', { class: 'muted' }, q.value.trim() ? t('No plate inside matches.') : t('Nobody is counted inside.')));
      const total = r.total ?? 0;
      fill(pager, t('{n} inside', { n: total }) + (total > INSIDE_PAGE
        ? ` · ${offset + 1}–${Math.min(total, offset + INSIDE_PAGE)}` : ''),
      offset > 0 ? h('button', { type: 'button', class: 'small', onclick: () => { offset -= INSIDE_PAGE; load(); } },
        t('Newer')) : null,
      offset + INSIDE_PAGE < total ? h('button', { type: 'button', class: 'small',
        onclick: () => { offset += INSIDE_PAGE; load(); } }, t('Older')) : null);
    } catch (err) {
      out.fail(err);
    }
  }
  q.addEventListener('input', debounce(() => { offset = 0; load(); }, 250));
  row.after(h('tr', { class: 'inside-row' }, h('td', { colspan: 5 }, label(t('Search'), q), pager, list)));
  load();
}

function goneForm(l, v, out, done) {
  const why = h('input', { name: 'why', required: true, maxlength: 200, placeholder: t('reason'),
    'aria-label': t('why {plate} is gone', { plate: v.plate }) });
  return h('form', { class: 'open-form gone-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const r = await api('POST', `/api/lots/${encodeURIComponent(l.id)}/inside/${encodeURIComponent(v.plate)}/gone`,
        { why: why.value });
      out.ok(t('{plate} marked gone from {lot}; {n} inside', { plate: v.plate, lot: l.id, n: r.occupancy })
        + (r.written ? '' : ` (${t('the database will have it when it answers again')})`));
      done(r);
    } catch (err) {
      out.fail(err);
    }
  } }, why, h('button', { type: 'submit', class: 'small' }, t('Mark gone')));
}

// ---- users ----

export async function users(view) {
  const msg = h('div', { class: 'message' });
  const out = result(msg);
  const list = h('div');
  const roles = () => h('select', { name: 'role' }, ['viewer', 'operator', 'admin'].map((r) =>
    h('option', { value: r }, word(r))));
  // each language named in itself
  const languages = () => h('select', { name: 'language' }, Object.entries(LANGUAGES).map(([id, n]) =>
    h('option', { value: id, lang: id }, n)));
  const name = h('input', { name: 'name', required: true, maxlength: 64, autocomplete: 'off' });
  const role = roles();
  const lang = languages();
  lang.value = language();
  const password = h('input', { name: 'password', type: 'password', required: true, minlength: 10,
    autocomplete: 'new-password' });
  async function load() {
    try {
      const r = await api('GET', '/api/users');
      fill(list, h('table', {}, h('thead', {}, h('tr', {},
        [t('Name'), t('Role'), t('Language'), t('Enabled'), t('Password changed'), ''].map((x) => h('th', {}, x)))),
      h('tbody', {}, r.users.map((u) => {
        const sel = roles();
        sel.value = u.role;
        sel.setAttribute('aria-label', t('role of {name}', { name: u.name }));
        const ul = languages();
        ul.value = u.language || 'en';
        ul.setAttribute('aria-label', t('language of {name}', { name: u.name }));
        const enabled = h('input', { type: 'checkbox', checked: !u.disabled,
          'aria-label': t('{name} enabled', { name: u.name }) });
        const pw = h('input', { type: 'password', placeholder: t('new password'), minlength: 10,
          autocomplete: 'new-password', 'aria-label': t('new password') });
        return h('tr', {}, h('td', {}, u.name), h('td', {}, sel), h('td', {}, ul), h('td', {}, enabled),
          h('td', {}, dateTime(u.passwordChangedAt)), h('td', {},
            h('button', { type: 'button', class: 'save-user', onclick: async () => {
              out.reset();
              const body = { role: sel.value, disabled: !enabled.checked, language: ul.value };
              if (pw.value) body.password = pw.value;
              try {
                await api('PUT', `/api/users/${u.id}`, body);
                out.ok(t('{what} saved', { what: u.name }));
                load();
              } catch (err) {
                // refused (the last admin, a short password...): the controls show what is stored, not the wish
                sel.value = u.role;
                ul.value = u.language || 'en';
                enabled.checked = !u.disabled;
                pw.value = '';
                out.fail(err);
              }
            } }, t('Save')), pw,
            h('button', { type: 'button', class: 'danger', onclick: async () => {
              out.reset();
              if (!confirm(t('Delete {what}?', { what: u.name }))) return;
              try {
                await api('DELETE', `/api/users/${u.id}`);
                load();
              } catch (err) {
                out.fail(err);
              }
            } }, t('Delete'))));
      }))));
    } catch (err) {
      out.fail(err);
    }
  }
  const form = h('form', { class: 'editor', onsubmit: async (e) => {
    e.preventDefault();
    out.reset();
    try {
      await api('POST', '/api/users', { name: name.value, role: role.value, password: password.value,
        language: lang.value });
      out.ok(t('{name} added', { name: name.value }));
      name.value = '';
      password.value = '';
      load();
    } catch (err) {
      out.fail(err);
    }
  } }, label(t('Name'), name), label(t('Role'), role), label(t('Language'), lang), label(t('Password'), password),
  h('button', { type: 'submit' }, t('Add user')));
  fill(view, h('h2', {}, t('Users')), help(t('Viewers watch and search; operators also open barriers, issue passes '
    + 'and correct counts; admins also change plates, lanes, lots and users. Every change is in the audit.')), msg,
  form, list);
  load();
}

// ---- audit ----

export async function audit(view) {
  const list = h('div');
  const entity = h('select', { name: 'entity' }, h('option', { value: '' }, t('everything')),
    Object.entries(ENTITIES).map(([e, n]) => h('option', { value: e }, t(n))));
  async function load() {
    try {
      const r = await api('GET', '/api/audit?limit=200' + (entity.value ? '&entity=' + entity.value : ''));
      fill(list, h('table', { class: 'audit' }, h('thead', {}, h('tr', {},
        [t('When'), t('Who'), t('What'), t('Changes')].map((x) => h('th', {}, x)))),
      h('tbody', {}, r.entries.map((a) => h('tr', {}, h('td', {}, dateTime(a.at)), h('td', {}, a.actor),
        h('td', {}, auditWhat(a)), h('td', {}, changes(a.before, a.after)))))));
    } catch (err) {
      note(list, err.message, 'error');
    }
  }
  entity.addEventListener('change', load);
  fill(view, h('h2', {}, t('Audit')), help(t('Who changed what and when: plates, passes, lots, lanes and users, every '
    + 'barrier opened by hand, vehicles marked gone, the daily purge, exports and erasures.')),
  label(t('Show'), entity),
  list);
  load();
}

// The audit in words: names for the columns, values as people write them, internal columns left out.
const ENTITIES = { plate: mark('plate'), pass: mark('pass'), lot: mark('lot'), lane: mark('lane'), user: mark('user'),
  gate: mark('gate'), presence: mark('presence'), retention: mark('retention'), privacy: mark('privacy') };
const FIELD_NAMES = { plate: mark('plate'), display: mark('plate as written'), kind: mark('kind'),
  owner: mark('owner'), notes: mark('notes'), valid_from: mark('valid from'), valid_to: mark('valid to'),
  schedule: mark('schedule'), lanes: mark('lanes'), lot_id: mark('lot'), reserved: mark('reserved place'),
  note: mark('note'), name: mark('name'), capacity: mark('capacity'), occupancy: mark('count'), role: mark('role'),
  disabled: mark('disabled'), direction: mark('direction'), max_distance: mark('maximum distance'),
  formats: mark('plate formats'), enabled: mark('enabled'), anti_passback: mark('anti-passback'),
  exit_rule: mark('exit rule'), camera: mark('camera'), gate: mark('barrier'), result: mark('result'),
  why: mark('reason'), vehicle: mark('vehicle'), lane: mark('lane'), lane_id: mark('lane'),
  entered_at: mark('inside since'), language: mark('language'), vehicle_id: mark('vehicle'), lot: mark('lot'),
  // a lane's settings, as its configuration names them
  maxDistance: mark('maximum distance'), antiPassback: mark('anti-passback'), exitRule: mark('exit rule'),
  strictFormats: mark('only reads that fit the formats'), type: mark('source'), url: mark('URL'),
  path: mark('folder'), command: mark('program'), fps: mark('frames per second'), stallMs: mark('stall timeout ms'),
  roi: mark('plate region'), minPlateWidth: mark('least plate width'), minConfidence: mark('least confidence'),
  minLength: mark('shortest plate'),
  username: mark('username'), password: mark('password'), transport: mark('transport'), driver: mark('driver'),
  relayLine: mark('relay line'), loopLine: mark('loop line'), mode: mark('mode'), pulseMs: mark('pulse ms'),
  relayTopic: mark('relay topic'), loop: mark('starts the folder again at its end'),
  // the purge's and a person's requests: counts and the settings they ran with
  pseudonym: mark('pseudonym'), events: mark('decisions'), reads: mark('reads'), inside: mark('inside'),
  passes: mark('passes'), registrations: mark('registrations'), frames: mark('frames'), ms: mark('milliseconds'),
  readsDays: mark('reads kept (days)'), eventsDays: mark('decisions kept (days)'),
  cropsDays: mark('crops kept (days)'), framesDays: mark('frames kept (days)'),
  unregisteredDays: mark('unregistered plates readable (days)'), eventsPseudonymised: mark('decisions pseudonymised'),
  eventsDeleted: mark('decisions deleted'), readsDeleted: mark('reads deleted'),
  eventCropsDropped: mark('decision crops removed'), readCropsDropped: mark('read crops removed'),
  framesDeleted: mark('frames deleted'), skipped: mark('skipped') };
// the groups of a lane's settings
const GROUPS = { camera: mark('camera'), gate: mark('barrier'), read: mark('group|read'), config: mark('settings') };
const HIDDEN_FIELDS = new Set(['id', 'updated_at', 'created_at', 'created_by', 'updated_by', 'password_changed_at',
  'occupancy_set_at', 'occupancy_set_by', 'edited_at', 'edited_by', 'action']);
const ACTION_WORDS = { create: mark('audit|added'), update: mark('audit|changed'), delete: mark('audit|deleted'),
  open: mark('audit|opened'), close: mark('audit|closed'), reset: mark('audit|reset'),
  gone: mark('audit|marked gone'), purge: mark('audit|purged'), export: mark('audit|exported'),
  erase: mark('audit|erased') };

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
  return (parts.length > 1 ? parts.slice(0, -1).map((g) => (GROUPS[g] ? t(GROUPS[g]) : g)).join(' ') + ' ' : '')
    + (Object.hasOwn(FIELD_NAMES, last) ? t(FIELD_NAMES[last]) : last.replace(/_/g, ' '));
}

// fields whose values are the controller's words (entry, allow, operator...): shown in the page's language
const WORD_FIELDS = new Set(['kind', 'role', 'direction', 'result', 'exit_rule', 'exitRule', 'mode', 'driver',
  'language']);

function valueText(v, field) {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(x, field)).join(', ') : '—';
  if (typeof v === 'string' && WORD_FIELDS.has(field)) return word(v);
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return dateTime(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function changes(before, after) {
  const b = flatten(before);
  const a = flatten(after);
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const out = [];
  keys.forEach((k) => {
    const field = k.split('.').pop();
    const bv = valueText(b[k], field);
    const av = valueText(a[k], field);
    if (!before) { if (av !== '—') out.push(`${fieldName(k)}: ${av}`); }
    else if (!after) { if (bv !== '—') out.push(`${fieldName(k)}: ${bv}`); }
    else if (av !== bv) out.push(`${fieldName(k)}: ${bv} → ${av}`);
  });
  return h('ul', { class: 'changes' }, out.map((x) => h('li', {}, x)));
}

/** "plate ABC 1234 changed", "gate gate-1 opened": what the entry is about, in words. */
function auditWhat(e) {
  const row = e.after || e.before || {};
  const which = row.display || row.name || row.plate || e.entityId || '';
  const what = ENTITIES[e.entity] ? t(ENTITIES[e.entity]) : e.entity;
  const done = ACTION_WORDS[e.action] ? t(ACTION_WORDS[e.action]) : e.action;
  return t('{what} {which} {done}', { what, which, done }).replace(/\s+/g, ' ').trim();
}

// ---- privacy: a person's records by plate (export, erasure) and the retention purge ----

export async function privacy(view) {
  const msg = h('div', { class: 'message', id: 'privacy-result' });
  const out = result(msg);
  const plate = h('input', { name: 'plate', required: true, maxlength: 20, autocomplete: 'off',
    placeholder: t('e.g. ABC1234') });
  const why = h('input', { name: 'why', required: true, maxlength: 200, placeholder: t('request reference') });
  const norm = () => plate.value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const exportButton = h('button', { type: 'button', id: 'privacy-export', onclick: async () => {
    if (!norm() || !why.value.trim()) return out.fail(new Error(t('give the plate and the request reference')));
    try {
      const r = await api('GET', `/api/privacy/plates/${encodeURIComponent(norm())}/export?why=`
        + encodeURIComponent(why.value));
      const url = URL.createObjectURL(new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' }));
      const a = h('a', { href: url, download: `lanekeeper-${norm()}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      out.ok(t('Exported {events} decisions, {reads} reads, {registrations} registrations and {passes} passes of '
        + '{plate}.', { events: r.events.length, reads: r.reads.length, registrations: r.registrations.length,
        passes: r.passes.length, plate: r.plate }) + (r.truncated ? ` ${t('(The newest only.)')}` : ''));
    } catch (err) {
      out.fail(err);
    }
  } }, t('Export everything held'));
  const eraseButton = h('button', { type: 'button', class: 'danger', id: 'privacy-erase', onclick: async () => {
    if (!norm() || !why.value.trim()) return out.fail(new Error(t('give the plate and the request reference')));
    const again = prompt(t('Erase every record of {plate}: decisions, reads, frames, passes and registrations? '
      + 'This cannot be undone. Type the plate again to confirm.', { plate: norm() }));
    if (again === null) return;
    try {
      const r = await api('POST', `/api/privacy/plates/${encodeURIComponent(norm())}/erase`,
        { why: why.value, confirm: again });
      out.ok(t('Erased {plate}: {events} decisions, {reads} reads, {frames} frames, {passes} passes, '
        + '{registrations} registrations, {inside} inside. The audit keeps the request under {pseudonym}.', r));
    } catch (err) {
      out.fail(err);
    }
  } }, t('Erase'));
  const purgeButton = h('button', { type: 'button', onclick: async () => {
    try {
      const r = await api('POST', '/api/privacy/purge', {});
      out.ok(r.skipped ? t('Not run: {why}', { why: r.skipped }) : t('Purged in {ms} ms: {pseudonymised} decisions '
        + 'pseudonymised, {deleted} deleted, {reads} reads deleted, {crops} crops and {frames} frames removed.',
      { ms: r.ms, pseudonymised: r.eventsPseudonymised || 0, deleted: r.eventsDeleted || 0,
        reads: r.readsDeleted || 0, crops: (r.eventCropsDropped || 0) + (r.readCropsDropped || 0),
        frames: r.framesDeleted || 0 }));
    } catch (err) {
      out.fail(err);
    }
  } }, t('Run the purge now'));
  fill(view, h('h2', {}, t('Privacy')),
    h('p', { class: 'muted' }, t('What a person may ask about their plate: a copy of everything held about it, or '
      + 'its erasure. Both are audited under the plate\u2019s pseudonym. Retention runs daily (docs/privacy.md).')),
    msg, h('form', { class: 'editor', onsubmit: (e) => e.preventDefault() }, label(t('Plate'), plate),
      label(t('Request'), why), exportButton, eraseButton),
    h('h2', {}, t('Retention')), h('p', {}, purgeButton));
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
const STALL_DEFAULTS = { snapshot: mark('3 × interval, at least 10000'), mjpeg: '10000', exec: '10000', rtsp: '5000' };
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
      // in a site cluster, the device that runs each lane (its controller checks and runs a change)
      const sited = r.lanes.some((l) => l.device);
      fill(list, h('table', {}, h('thead', {}, h('tr', {}, [t('Lane'), t('Name'), t('Direction'), t('Formats'),
        t('Max distance'), t('Lot'), t('Enabled'), sited ? t('Device') : null, ''].filter((x) => x !== null)
        .map((x) => h('th', {}, x)))),
      h('tbody', {}, r.lanes.map((l) => h('tr', { dataset: { lane: l.id } }, h('td', {}, l.id), h('td', {}, l.name),
        h('td', {}, word(l.direction)), h('td', {}, (l.formats || []).join(', ')), h('td', {}, String(l.maxDistance)),
        h('td', {}, l.lot || '–'), h('td', {}, l.enabled === false ? t('no') : t('yes')),
        sited ? h('td', {}, l.device || '–') : null,
        h('td', {}, can('admin') ? h('button', { type: 'button', class: 'small', onclick: () => edit(l.id) }, t('Edit'))
          : ''))))));
    } catch (err) {
      out.fail(err);
    }
  }
  async function edit(id) {
    try {
      const cfg = id ? await api('GET', `/api/lanes/${encodeURIComponent(id)}/config`) : { camera: { type: 'push' },
        gate: { driver: 'none' }, direction: 'entry', maxDistance: 1, formats: [], enabled: true };
      // in a site, a new lane goes to the device chosen (its controller checks and runs it) and a lane stays on its
      // device; an exec camera runs one of the programs that device's own file lists: the browser only picks a name
      const site = await api('GET', '/api/site').catch(() => ({ nodes: [] }));
      const commandsOf = async (device) => (await api('GET', '/api/camera-commands'
        + (device && device !== site.node ? `?device=${encodeURIComponent(device)}` : ''))).commands;
      const commands = await commandsOf(cfg.device || site.node);
      const devices = id ? [] : (site.nodes || []).filter((n) => !n.away).map((n) => n.node);
      const { lots } = await api('GET', '/api/lots');
      fill(editor, laneForm(cfg, !id, out, () => { clear(editor); load(); }, commands, lots.map((l) => l.id),
        devices.length > 1 ? { devices, self: site.node, commandsOf } : null));
      editor.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      out.fail(err);
    }
  }
  fill(view, h('h2', {}, t('Lanes')), msg,
    h('p', { class: 'muted' }, can('admin')
      ? t('A change runs at once: the camera restarts, the next car is decided by the new rules, and the barrier '
        + 'takes a new wiring when it is closed.')
      : t('Lanes, cameras and gate wiring are set by an admin.')),
    list, can('admin') ? h('p', {}, h('button', { type: 'button', onclick: () => edit(null) }, t('Add lane'))) : null,
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

/**
 * The form of one lane; fields it does not show (timings, motion threshold...) are kept as they are. In a site, a new
 * lane's form chooses its device ({devices, self, commandsOf(device)}): the exec programs offered follow the choice.
 */
function laneForm(cfg, isNew, out, done, commands = [], lotIds = [], site = null) {
  const cam = cfg.camera || {};
  const gate = cfg.gate || {};
  const text = (name, value, attrs = {}) => h('input', { name, value: value ?? '', ...attrs });
  const num = (name, value, attrs = {}) => h('input', { name, type: 'number', value: value ?? '', ...attrs });
  // options show in words where the page has them (entry, exit), as they are where they are names (rtsp, gpio)
  const select = (name, options, value) => h('select', { name }, options.map((o) =>
    h('option', { value: o, selected: o === value }, o === '' ? '' : word(o))));
  const check = (name, value) => h('input', { name, type: 'checkbox', checked: !!value });
  const f = {
    device: site ? h('select', { name: 'device' }, site.devices.map((d) => h('option', { value: d,
      selected: d === site.self }, d === site.self ? t('{device} (this device)', { device: d }) : d))) : null,
    id: text('id', cfg.id, { required: true, pattern: '[a-z0-9][a-z0-9-]{0,39}', readonly: !isNew }),
    name: text('name', cfg.name, { maxlength: 100 }),
    direction: select('direction', ['entry', 'exit'], cfg.direction || 'entry'),
    enabled: check('enabled', cfg.enabled !== false),
    formats: text('formats', (cfg.formats || []).join(', '), { placeholder: t('BR, EU, us-ca… (empty: any)') }),
    strictFormats: check('strictFormats', cfg.strictFormats),
    maxDistance: num('maxDistance', cfg.maxDistance ?? 1, { min: 0, max: 2, step: 0.5 }),
    // the lots the site has (the Lots page adds them): a typo must not make a lot of its own
    lot: h('select', { name: 'lot' }, h('option', { value: '' }, t('none')),
      [...new Set([...lotIds, ...(cfg.lot ? [cfg.lot] : [])])].map((id) =>
        h('option', { value: id, selected: id === cfg.lot }, id))),
    antiPassback: check('antiPassback', cfg.antiPassback),
    exitRule: select('exitRule', ['all', 'entered'], cfg.exitRule || 'all'),
    camType: select('cameraType', CAMERA_TYPES, cam.type || 'push'),
    // a password in a URL comes back as ***: left in place it keeps the stored one
    camUrl: text('cameraUrl', cam.url, { autocomplete: 'off',
      title: t('A stored password shows as ***; leave it to keep it, or type the new one in its place') }),
    camPath: text('cameraPath', cam.path, { placeholder: '/var/lib/frames' }),
    camCommand: select('cameraCommand', ['', ...commands], cam.command || ''),
    camFps: num('cameraFps', cam.fps, { step: 'any' }),
    camUser: text('cameraUsername', cam.username, { autocomplete: 'off', maxlength: 200 }),
    // write-only: never filled in, so the page never holds the stored password; empty keeps it
    camPassword: h('input', { name: 'cameraPassword', type: 'password', autocomplete: 'new-password', maxlength: 200,
      placeholder: cam.password === MASK ? t('stored: unchanged') : '' }),
    camTransport: select('cameraTransport', ['tcp', 'udp'], cam.transport || 'tcp'),
    stallMs: num('stallMs', cam.stallMs, { min: 0, step: 500 }),
    minPlateWidth: num('minPlateWidth', cam.minPlateWidth, { min: 0, max: 0.5, step: 0.001 }),
    minConfidence: num('minConfidence', cfg.read?.minConfidence ?? 0.5, { min: 0.05, max: 1, step: 0.01 }),
    minLength: num('minLength', cfg.read?.minLength ?? 4, { min: 1, max: 12, step: 1 }),
    driver: select('gateDriver', GATE_DRIVERS, gate.driver || 'gpio'),
    relayLine: num('relayLine', gate.relayLine, { min: 0 }),
    loopLine: num('loopLine', gate.loopLine, { min: 0 }),
    mode: select('gateMode', ['pulse', 'hold'], gate.mode || 'pulse'),
    pulseMs: num('pulseMs', gate.pulseMs, { min: 50 }),
    relayTopic: text('relayTopic', gate.relayTopic, { placeholder: 'relays/gate-1/set (mqtt)' }),
  };
  const camLabels = {
    url: label(t('URL'), f.camUrl),
    path: label(t('Folder'), f.camPath),
    command: label(t('Program'), f.camCommand),
    username: label(t('Username'), f.camUser),
    password: label(t('Password'), f.camPassword),
    transport: label(t('Transport'), f.camTransport),
    fps: label(t('Frames per second'), f.camFps),
    stallMs: label(t('Stall timeout ms (0: off)'), f.stallMs),
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
    f.stallMs.placeholder = STALL_DEFAULTS[type] ? t('default {value}', { value: t(STALL_DEFAULTS[type]) }) : '';
    const [min, max] = FPS_RANGES[type] || [];
    f.camFps.min = min ?? '';
    f.camFps.max = max ?? '';
    f.camFps.placeholder = t('default {value}', { value: type === 'rtsp' ? 5 : 2 });
    f.minPlateWidth.placeholder = t('default {value}', { value: type === 'push' ? 0 : 0.03 });
    region.setType(type);
  }
  f.camType.addEventListener('change', showCamera);
  showCamera();
  // another device's programs for another device's lane: the choice made stays where that device has it too
  f.device?.addEventListener('change', async () => {
    try {
      const list = await site.commandsOf(f.device.value);
      const keep = f.camCommand.value;
      f.camCommand.replaceChildren(...['', ...list].map((o) => h('option', { value: o, selected: o === keep }, o)));
    } catch (err) {
      out.fail(err);
    }
  });
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
      out.fail(new Error(t('the plate region needs at least 3 points; Clear goes back to the default region')));
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
      read: { ...cfg.read, minConfidence: Number(f.minConfidence.value), minLength: Number(f.minLength.value) } };
    if (f.device) lane.device = f.device.value;
    if (!isNew && same(lane, cfg)) {
      out.ok(t('lane {id}: nothing changed', { id: lane.id }));
      return;
    }
    try {
      const r = isNew ? await api('POST', '/api/lanes', lane)
        : await api('PUT', `/api/lanes/${encodeURIComponent(lane.id)}`, lane);
      out.ok(t('lane {id} saved and running', { id: lane.id }) + (r.gate === 'pending'
        ? '; ' + t('its barrier takes the new wiring when it is next closed') : ''));
      done();
    } catch (err) {
      out.fail(err);
    }
  } },
  h('fieldset', {}, h('legend', {}, t('Lane')), f.device ? label(t('Device'), f.device) : null,
    label(t('Id'), f.id), label(t('Name'), f.name),
    label(t('Direction'), f.direction), label(t('Enabled'), f.enabled),
    label(t('Plate formats (ids, countries, regions)'), f.formats),
    label(t('Only reads that fit these formats'), f.strictFormats), label(t('Max distance'), f.maxDistance),
    label(t('Lot'), f.lot), label(t('Anti-passback'), f.antiPassback), label(t('Exit rule'), f.exitRule),
    label(t('Least read confidence'), f.minConfidence),
    label(t('Shortest plate (characters; the engine reads none shorter)'), f.minLength)),
  h('fieldset', {}, h('legend', {}, t('Camera')), label(t('Source'), f.camType), Object.values(camLabels)),
  h('fieldset', { class: 'region' }, h('legend', {}, t('Plate region')), region.el,
    label(t('Least plate width (fraction of the frame width)'), f.minPlateWidth)),
  h('fieldset', {}, h('legend', {}, t('Barrier')), label(t('Driver'), f.driver), label(t('Relay line'), f.relayLine),
    label(t('Loop line'), f.loopLine), label(t('Mode'), f.mode), label(t('Pulse ms'), f.pulseMs),
    label(t('Relay topic'), f.relayTopic)),
  h('button', { type: 'submit' }, isNew ? t('Add lane') : t('Save lane')),
  h('button', { type: 'button', onclick: done }, t('Cancel')));
  f.direction.addEventListener('change', showDirection);
  showDirection();
  return form;
}

// Reports over a day, a week or a month: entries, exits, refusals by reason, peak occupancy, the busiest hours, the
// top refused plates, per lane and, in a site, per device; charts, and the counts as CSV with local times, lane names
// and devices.

import { h, label, fill, dateTime, localInput, note, siteZone } from './dom.js';
import { api } from './api.js';
import { bars } from './charts.js';
import { reasonText } from './reason.js';
import { t } from './i18n.js';


/** The instant of midnight starting the calendar day y-m-d in the time zone (two corrections cover DST). */
export function zonedMidnight(y, m, d, tz) {
  const want = Date.UTC(y, m - 1, d);
  const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  let t = want;
  for (let i = 0; i < 2; i++) {
    const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    t -= Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second) - want;
  }
  return new Date(t);
}

/** The range in the site's calendar: the day, the week (from Monday) or the month that holds the date. */
export function range(kind, dateText, tz) {
  const [y, m, d] = dateText.split('-').map(Number);
  const day = (yy, mm, dd) => {
    const u = new Date(Date.UTC(yy, mm - 1, dd));
    return [u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate()];
  };
  let from;
  let to;
  if (kind === 'week') {
    const back = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    from = day(y, m, d - back);
    to = day(from[0], from[1], from[2] + 7);
  } else if (kind === 'month') {
    from = [y, m, 1];
    to = day(y, m + 1, 1);
  } else {
    from = [y, m, d];
    to = day(y, m, d + 1);
  }
  return { from: zonedMidnight(...from, tz), to: zonedMidnight(...to, tz) };
}

export async function render(view) {
  const lots = await api('GET', '/api/lots').catch(() => ({ lots: [] }));
  const kind = h('select', { name: 'period' }, h('option', { value: 'day' }, t('day')),
    h('option', { value: 'week' }, t('week')), h('option', { value: 'month' }, t('month')));
  const date = h('input', { type: 'date', name: 'date', value: localInput(new Date()).slice(0, 10) });
  const lot = h('select', { name: 'lot' }, h('option', { value: '' }, t('all lanes')),
    lots.lots.map((l) => h('option', { value: l.id }, l.name || l.id)));
  const csv = h('a', { class: 'button', id: 'report-csv', download: 'lanekeeper-report.csv' }, t('Export CSV'));
  const out = h('div', { id: 'report' });
  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); load(); } },
    label(t('Period'), kind), label(t('Date'), date), label(t('Lot'), lot), h('button', { type: 'submit' }, t('Show')),
    csv);
  const tz = siteZone();
  fill(view, h('h2', {}, t('Reports')),
    h('p', { class: 'muted' }, t('Days and hours in the site\u2019s time zone, {tz}.', { tz })),
    form, out);

  async function load() {
    const { from, to } = range(kind.value, date.value, tz);
    const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), tz });
    if (lot.value) q.set('lot', lot.value);
    csv.href = '/api/reports.csv?' + q;
    note(out, t('counting…'));
    try {
      const r = await api('GET', '/api/reports?' + q);
      fill(out, view_(r, kind.value));
    } catch (err) {
      note(out, err.message, 'error');
    }
  }
  [kind, date, lot].forEach((el) => el.addEventListener('change', load));
  await load();
}

/** A bar of this width (per cent); set through the style property, which the page's CSP allows (an attribute not). */
function bar(percent) {
  const b = h('span', { class: 'bar refused' });
  b.style.width = `${percent}%`;
  return b;
}

function view_(r, kind) {
  const n = r.totals;
  const labels = r.series.map((p) => (r.bucket === 'hour'
    ? (kind === 'day' ? p.label.slice(11, 13) : p.label.slice(5, 10) + ' ' + p.label.slice(11, 13))
    : p.label.slice(5, 10)));
  const hours = r.busiestHours.map((x) => x.movements);
  const busiest = r.busiestHours.slice().sort((a, b) => b.movements - a.movements).filter((x) => x.movements > 0)
    .slice(0, 3).map((x) => `${String(x.hour).padStart(2, '0')}:00–${String(x.hour + 1).padStart(2, '0')}:00`);
  const maxReason = Math.max(1, ...r.refusalsByReason.map((x) => x.n));
  const devices = r.devices || [];
  const counts = (x) => ['entries', 'exits', 'refused', 'manual'].map((k) => h('td', { class: 'num' }, String(x[k])));
  return [
    h('ul', { class: 'totals', id: 'report-totals' },
      h('li', {}, h('strong', {}, String(n.entries)), ' ', t('entries')),
      h('li', {}, h('strong', {}, String(n.exits)), ' ', t('exits')),
      h('li', {}, h('strong', {}, String(n.refused)), ' ', t('refused')),
      h('li', {}, h('strong', {}, String(n.manual)), ' ', t('let through by hand')),
      r.peakOccupancy ? h('li', {}, h('strong', {}, String(r.peakOccupancy.occupancy)),
        ' ', t('at most inside ({when})', { when: dateTime(r.peakOccupancy.at) })) : null,
      h('li', {}, t('busiest:'), ' ', busiest.length ? busiest.join(', ') : t('no movements'))),
    h('div', { class: 'charts' },
      bars(r.bucket === 'hour' ? t('Per hour') : t('Per day'), r.series, [{ name: t('entries'), key: 'entries',
        cls: 'entries' }, { name: t('exits'), key: 'exits', cls: 'exits' },
      { name: t('refused'), key: 'refused', cls: 'refused' }], labels),
      bars(t('Movements by hour of the day'), hours.map((m) => ({ movements: m })),
        [{ name: t('movements'), key: 'movements', cls: 'entries' }]),
      devices.length ? bars(t('By device'), devices, [{ name: t('entries'), key: 'entries', cls: 'entries' },
        { name: t('exits'), key: 'exits', cls: 'exits' }, { name: t('refused'), key: 'refused', cls: 'refused' }],
      devices.map((x) => x.device)) : null),
    h('div', { class: 'report-tables' },
      h('section', {}, h('h3', {}, t('Refusals by reason')), r.refusalsByReason.length
        ? h('table', { class: 'reasons' }, h('tbody', {}, r.refusalsByReason.map((x) => h('tr', {},
          h('td', {}, reasonText(x.reason)), h('td', { class: 'num' }, String(x.n)),
          h('td', { class: 'bar-cell' }, bar((100 * x.n) / maxReason))))))
        : h('p', { class: 'muted' }, t('No refusals.'))),
      h('section', {}, h('h3', {}, t('Most refused plates')), r.topRefused.length
        ? h('table', { class: 'top-refused' }, h('thead', {}, h('tr', {}, h('th', {}, t('Plate')),
          h('th', {}, t('Times')), h('th', {}, t('Last')))), h('tbody', {}, r.topRefused.map((x) => h('tr', {},
          h('td', { class: 'plate' }, x.plate), h('td', { class: 'num' }, String(x.n)), h('td', {}, dateTime(x.last))))))
        : h('p', { class: 'muted' }, t('No refusals.'))),
      devices.length ? h('section', { class: 'wide' }, h('h3', {}, t('By device')),
        h('table', { class: 'by-device', id: 'report-devices' },
        h('thead', {}, h('tr', {}, [t('Device'), t('Lanes with movements'), t('Entries'), t('Exits'), t('Refused'), t('By hand')]
          .map((x) => h('th', {}, x)))),
        h('tbody', {}, devices.map((x) => h('tr', {}, h('td', {}, x.device), h('td', { class: 'num' },
          String(x.lanes)), counts(x)))))) : null,
      h('section', { class: devices.length ? 'wide' : null }, h('h3', {}, t('By lane')),
        h('table', { class: 'by-lane' },
        h('thead', {}, h('tr', {}, [t('Lane'), devices.length ? t('Device') : null, t('Entries'), t('Exits'),
          t('Refused'), t('By hand')].filter((x) => x !== null).map((x) => h('th', {}, x)))),
        h('tbody', {}, r.lanes.map((l) => h('tr', {}, h('td', {}, l.name || l.lane),
          devices.length ? h('td', {}, l.device || '') : null, counts(l))))))),
  ];
}

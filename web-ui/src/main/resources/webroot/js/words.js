// What the controller says, in the account's language: the words it sends as values (gate states, results, roles,
// directions), its alerts and its refusals of a request. The API speaks English (it is also read by scripts, logs,
// MQTT and e-mail); the page puts its messages in words it knows and shows any other as the server wrote it.

import { t, mark, word } from './i18n.js';
import { time } from './dom.js';
import { reasonText } from './reason.js';

// values the controller sends that are shown as they come: each gets its translation through word()
mark('entry', 'exit', 'open', 'opening', 'closed', 'closing', 'fault', 'unknown', 'ok', 'done', 'stale', 'duplicate',
  'occupied', 'invalid', 'busy', 'timeout', 'viewer', 'operator', 'admin', 'allow', 'deny', 'all', 'entered', 'pulse',
  'hold', 'none');

const DONE = { open: mark('opened'), close: mark('closed'), reset: mark('reset') };
const ACTIONS = { open: mark('action|open'), close: mark('action|close'), reset: mark('action|reset') };

/** A gate action in words: "opened", "open refused (fault)". */
export function actionText(a) {
  if (a.result === 'done') return t(DONE[a.action] || a.action);
  return t('{action} refused ({result})', { action: ACTIONS[a.action] ? t(ACTIONS[a.action]) : a.action,
    result: word(a.result) });
}

// The alerts' messages (AlertVerticle, the cameras, the embedded database), most specific first.
const ALERTS = [
  [/^the barrier of lane (.+) is in fault: (.*); only a person may open or reset it$/, (m) =>
    t('the barrier of lane {lane} is in fault: {fault}; only a person may open or reset it',
      { lane: m[1], fault: m[2] })],
  [/^lot (.+) is full \(capacity (\d+)\): only reservations get in$/, (m) =>
    t('lot {lot} is full (capacity {capacity}): only reservations get in', { lot: m[1], capacity: m[2] })],
  [/^deny-listed plate (.+) refused at lane (\S+) \((.*)\)$/, (m) =>
    t('deny-listed plate {plate} refused at lane {lane} ({reason})', { plate: m[1], lane: m[2],
      reason: reasonText(m[3]) })],
  [/^the camera of lane (.+) has given no frame since (\S+)$/, (m) =>
    t('the camera of lane {lane} has given no frame since {time}', { lane: m[1], time: time(m[2]) })],
  [/^the camera of lane (.+?) is down: (.*)$/, (m) =>
    t('the camera of lane {lane} is down: {error}', { lane: m[1], error: m[2] })],
  [/^the database does not take writes \((.*)\): decisions go on, events wait in the outbox$/, (m) =>
    t('the database does not take writes ({detail}): decisions go on, events wait in the outbox', { detail: m[1] })],
  [/^more than (\d+) writes wait in the outbox for the database$/, (m) =>
    t('more than {n} writes wait in the outbox for the database', { n: m[1] })],
  [/^the disk of the data directory (.+) is nearly full: less than (\d+) MB free$/, (m) =>
    t('the disk of the data directory {dir} is nearly full: less than {mb} MB free', { dir: m[1], mb: m[2] })],
  [/^device (\S+) is away from the site: its lanes (.*) run on it without this dashboard$/, (m) =>
    t('device {device} is away from the site: its lanes {lanes} run on it without this dashboard',
      { device: m[1], lanes: m[2] })],
  [/^device (\S+) has not been heard since this device started: its lanes (.*) run on it without this dashboard$/,
    (m) => t('device {device} has not been heard since this device started: its lanes {lanes} run on it without this dashboard',
      { device: m[1], lanes: m[2] })],
  [/^lane (\S+) runs on devices (.+): a lane must run on one device only$/, (m) =>
    t('lane {lane} runs on devices {devices}: a lane must run on one device only', { lane: m[1],
      devices: m[2].replace(/ and /g, ' & ') })],
  [/^lane (\S+) is in the site's database but no device runs it: give it to a device or delete it$/, (m) =>
    t('lane {lane} is in the site\u2019s database but no device runs it: give it to a device or delete it', { lane: m[1] })],
  [/^lane (\S+) belongs to device (\S+), which does not run it: check that device's configuration and log$/, (m) =>
    t('lane {lane} belongs to device {device}, which does not run it: check that device\u2019s configuration and log',
      { lane: m[1], device: m[2] })],
  [/^(\d+) more lanes no device runs: (.*)$/, (m) =>
    t('{n} more lanes no device runs: {lanes}', { n: m[1], lanes: m[2] })],
  [/^the embedded PostgreSQL is down \((.*)\); starting it again$/, (m) =>
    t('the embedded PostgreSQL is down ({error}); starting it again', { error: m[1] })],
];

/** An alert's message in the page's language; one the page does not know, as the controller wrote it. */
export function alertText(a) {
  const msg = String(a.message ?? '');
  for (const [re, say] of ALERTS) {
    const m = re.exec(msg);
    if (m) return say(m);
  }
  return msg;
}

// Refusals whose code says it all: the page's own words. Others keep the server's message (a field's problem).
const ERRORS = {
  bad_login: mark('wrong name or password'),
  too_many_attempts: mark('too many failed logins; try again later'),
  busy: mark('too many logins at once; try again in a second'),
  unauthenticated: mark('not logged in'),
  forbidden: mark('your role may not do this'),
  csrf: mark('this page is out of date: reload it'),
  bad_password: mark('the current password is wrong'),
  bad_setup_token: mark('wrong setup token; it is in the controller\u2019s log and in the file setup-token of its '
    + 'data directory'),
  already_set_up: mark('there are accounts already; log in'),
  last_admin: mark('this would leave no enabled admin; make another admin first'),
  self: mark('you cannot delete your own account; another admin can'),
  vehicle_refused: mark('a deny-listed plate is not let in on its refusal'),
  vehicle_unknown: mark('that refusal is not open any more (another lane, over an hour old, or opened already)'),
  unreadable_image: mark('the image cannot be read'),
};

// A field's problem: the common ones in words, others as the server wrote them.
const PROBLEMS = [
  [/^is required$/, () => t('is required')],
  [/^is longer than (\d+) characters$/, (m) => t('is longer than {n} characters', { n: m[1] })],
  [/^must be at least (\d+) characters$/, (m) => t('must be at least {n} characters', { n: m[1] })],
  [/^must not be the user name$/, () => t('must not be the user name')],
  [/^is too repetitive$/, () => t('is too repetitive')],
  [/^must be after (\w+)$/, (m) => t('must be after {field}', { field: fieldWord(m[1]) })],
  [/^may contain only letters A-Z and digits 0-9$/, () => t('may contain only letters A-Z and digits 0-9')],
  [/^no lane '(.+)' on this site$/, (m) => t('no lane \u201c{lane}\u201d on this site', { lane: m[1] })],
  [/^no lot '(.+)': add it on the Lots page first$/, (m) =>
    t('no lot \u201c{lot}\u201d: add it on the Lots page first', { lot: m[1] })],
];

const FIELDS = { plate: mark('plate'), password: mark('password'), name: mark('name'), validFrom: mark('valid from'),
  validTo: mark('valid to'), lanes: mark('lanes'), lot: mark('lot'), why: mark('reason'), from: mark('from'),
  to: mark('to'), capacity: mark('capacity'), occupancy: mark('count'), current: mark('current password'),
  schedule: mark('schedule'), note: mark('note'), owner: mark('owner'), notes: mark('notes'), id: mark('id') };

function fieldWord(f) {
  return FIELDS[f] ? t(FIELDS[f]) : f;
}

/** The message of an API refusal {error, field, message} in the page's language, where the page knows it. */
export function errorText(status, body) {
  const b = body || {};
  if (ERRORS[b.error]) return t(ERRORS[b.error]);
  if (b.error === 'invalid_field' && b.field && typeof b.message === 'string'
    && b.message.startsWith(b.field + ': ')) {
    const problem = b.message.slice(b.field.length + 2);
    for (const [re, say] of PROBLEMS) {
      const m = re.exec(problem);
      if (m) return `${fieldWord(b.field)}: ${say(m)}`;
    }
  }
  return b.message || t('request failed ({status})', { status });
}

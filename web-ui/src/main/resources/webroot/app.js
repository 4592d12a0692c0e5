// Lanekeeper in the browser: login, the live dashboard, history and the admin console, one page, hash routes.
// Plain modern JavaScript modules served from the controller's jar: no CDN, no framework, no build step.

import { h, clear, fill, note } from './js/dom.js';
import { t, mark, word, useLanguage, browserLanguage, language, LANGUAGES } from './js/i18n.js';
import { api, loadSession, setSession, me, can } from './js/api.js';
import * as dashboard from './js/dashboard.js';
import { pollBadge, stopBadge } from './js/badge.js';
import * as history from './js/history.js';
import * as reports from './js/reports.js';
import * as admin from './js/admin.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const connection = document.getElementById('connection');
const user = document.getElementById('user');

const ROUTES = {
  // titles are the English texts; drawn through t() in the account's language
  dashboard: { title: mark('Dashboard'), role: 'viewer', render: (v) => dashboard.render(v, status) },
  history: { title: mark('History'), role: 'viewer', render: history.render },
  reports: { title: mark('Reports'), role: 'viewer', render: reports.render },
  plates: { title: mark('Plates'), role: 'viewer', render: admin.plates },
  passes: { title: mark('Passes'), role: 'viewer', render: admin.passes },
  lots: { title: mark('Lots'), role: 'viewer', render: admin.lots },
  lanes: { title: mark('Lanes'), role: 'viewer', render: admin.lanes },
  users: { title: mark('Users'), role: 'admin', render: admin.users },
  audit: { title: mark('Audit'), role: 'admin', render: admin.audit },
  privacy: { title: mark('Privacy'), role: 'admin', render: admin.privacy },
  account: { title: mark('Account'), role: 'viewer', render: account },
};

function status(text, kind) {
  connection.textContent = text;
  connection.className = 'connection ' + kind;
}

function drawNav(current) {
  clear(nav);
  clear(user);
  nav.setAttribute('aria-label', t('Main'));
  if (!me) return;
  Object.entries(ROUTES).filter(([, r]) => can(r.role)).forEach(([id, r]) =>
    nav.append(h('a', { href: '#' + id, class: id === current ? 'current' : null,
      'aria-current': id === current ? 'page' : null }, t(r.title))));
  user.append(h('span', {}, `${me.name} (${word(me.role)})`), h('button', { type: 'button', class: 'link', id: 'logout',
    onclick: async () => {
      await api('POST', '/api/logout', {}).catch(() => null);
      setSession(null);
      location.hash = '#login';
    } }, t('Log out')));
}

async function route() {
  const [page] = location.hash.replace(/^#/, '').split('?');
  dashboard.stop();
  stopBadge();
  document.getElementById('alert-state').hidden = true;
  // the account's language; before there is an account, the browser's
  const known = me || (page !== 'setup' && (await loadSession()));
  await useLanguage(known ? me.language : browserLanguage());
  if (page === 'setup') return setup();
  if (!known) return login();
  if (page === 'login') {
    location.hash = '#dashboard';
    return;
  }
  const id = ROUTES[page] ? page : 'dashboard';
  const r = ROUTES[id];
  drawNav(id);
  if (id !== 'dashboard') {
    // the dashboard's live connection feeds the header there; elsewhere it asks every 15 s
    status('', 'idle');
    pollBadge();
  }
  if (!can(r.role)) {
    note(view, t('{page} needs the {role} role.', { page: t(r.title), role: word(r.role) }), 'error');
    return;
  }
  document.title = `${t(r.title)} · Lanekeeper`;
  try {
    await r.render(view);
  } catch (e) {
    note(view, e.message, 'error');
  }
}

async function login() {
  drawNav(null);
  status('', 'idle');
  document.title = `${t('Log in')} · Lanekeeper`;
  const msg = h('div', { class: 'message' });
  const name = h('input', { name: 'name', id: 'login-name', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', { name: 'password', id: 'login-password', type: 'password',
    autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'login', id: 'login-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      setSession(await api('POST', '/api/login', { name: name.value, password: password.value }));
      location.hash = '#dashboard';
      route();
    } catch (err) {
      note(msg, err.message, 'error');
      password.value = '';
    }
  } }, h('h2', {}, t('Log in')), msg, h('label', {}, h('span', {}, t('Name')), name),
  h('label', {}, h('span', {}, t('Password')), password), h('button', { type: 'submit' }, t('Log in')));
  fill(view, form);
  const s = await api('GET', '/api/setup').catch(() => null);
  if (s?.needed) {
    form.append(h('p', { class: 'muted' }, t('No accounts yet: '), h('a', { href: '#setup' },
      t('create the first admin')), t(' with the setup token from the controller log.')));
  }
  name.focus();
}

function setup() {
  drawNav(null);
  const msg = h('div', { class: 'message' });
  const token = h('input', { name: 'token', id: 'setup-token', required: true, autocomplete: 'off' });
  const name = h('input', { name: 'name', id: 'setup-name', required: true, maxlength: 64, autocomplete: 'username' });
  const password = h('input', { name: 'password', id: 'setup-password', type: 'password', required: true,
    minlength: 10, autocomplete: 'new-password' });
  fill(view, h('form', { class: 'login', onsubmit: async (e) => {
    e.preventDefault();
    try {
      setSession(await api('POST', '/api/setup', { token: token.value.trim(), name: name.value,
        password: password.value, language: language() }));
      location.hash = '#users';
    } catch (err) {
      note(msg, err.message, 'error');
    }
  } }, h('h2', {}, t('Create the first admin')),
  h('p', { class: 'muted' }, t('The one-time setup token is in the controller log.')), msg,
  h('label', {}, h('span', {}, t('Setup token')), token), h('label', {}, h('span', {}, t('Name')), name),
  h('label', {}, h('span', {}, t('Password (10 characters or more)')), password),
  h('button', { type: 'submit' }, t('Create admin'))));
}

function account(v) {
  const msg = h('div', { class: 'message' });
  const current = h('input', { type: 'password', name: 'current', required: true, autocomplete: 'current-password' });
  const next = h('input', { type: 'password', name: 'password', required: true, minlength: 10,
    autocomplete: 'new-password' });
  // each in its own language, so that a person who cannot read the current one still finds theirs
  const lang = h('select', { name: 'language', id: 'account-language' }, Object.entries(LANGUAGES).map(([id, name]) =>
    h('option', { value: id, lang: id, selected: id === language() }, name)));
  fill(v, h('h2', {}, t('Account: {name}', { name: me.name })), msg,
    h('form', { class: 'editor', id: 'language-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        setSession(await api('PUT', '/api/session/language', { language: lang.value }));
        await route();
        note(view.querySelector('.message'), t('The interface is now in {language}.',
          { language: LANGUAGES[language()] }), 'ok');
      } catch (err) {
        note(msg, err.message, 'error');
      }
    } }, h('label', {}, h('span', {}, t('Language')), lang), h('button', { type: 'submit' }, t('Save language'))),
    h('form', { class: 'editor', onsubmit: async (e) => {
      e.preventDefault();
      try {
        setSession(await api('POST', '/api/session/password', { current: current.value, password: next.value }));
        note(msg, t('Password changed; other screens of this account must log in again.'), 'ok');
        current.value = '';
        next.value = '';
      } catch (err) {
        note(msg, err.message, 'error');
      }
    } }, h('label', {}, h('span', {}, t('Current password')), current),
    h('label', {}, h('span', {}, t('New password')), next), h('button', { type: 'submit' }, t('Change password'))));
}

window.addEventListener('hashchange', route);
route();

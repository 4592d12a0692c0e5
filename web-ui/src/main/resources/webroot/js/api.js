// The REST API: JSON in and out, the session's CSRF token on every change, a 401 sends the person to the login.

import { setTimeZone } from './dom.js';
import { errorText } from './words.js';

let csrf = null;
export let me = null;

export class ApiError extends Error {
  constructor(status, body) {
    super(errorText(status, body));
    this.status = status;
    this.body = body || {};
  }
}

export function setSession(account) {
  me = account;
  csrf = account ? account.csrf : null;
  setTimeZone(account?.timezone);
}

export async function loadSession() {
  const r = await fetch('/api/session', { credentials: 'same-origin' });
  setSession(r.ok ? await r.json() : null);
  return me;
}

export function can(role) {
  const rank = { viewer: 1, operator: 2, admin: 3 };
  return !!me && rank[me.role] >= rank[role];
}

/** api('POST', '/api/plates', {plate: ...}); body may also be a string with a content type (CSV). */
export async function api(method, path, body, contentType) {
  const headers = {};
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') {
      payload = body;
      headers['Content-Type'] = contentType || 'text/plain';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (r.status === 204) return null;
  const type = r.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await r.json() : await r.text();
  if (r.status === 401 && path !== '/api/login' && path !== '/api/session') {
    setSession(null);
    location.hash = '#login';
  }
  if (!r.ok && r.status !== 207) throw new ApiError(r.status, typeof data === 'object' ? data : { message: data });
  return data;
}

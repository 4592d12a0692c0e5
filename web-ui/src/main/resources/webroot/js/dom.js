// Building the page without ever parsing markup: every value goes in as a text node or an attribute, so a plate
// read as "<script>" shows as those characters. (No innerHTML anywhere in this app; a test checks.)

import { t, language } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** h('div', {class: 'x'}, 'text', child...) */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

/** A form field with its visible name: label('Plate', input). */
export function label(text, input) {
  return h('label', {}, h('span', {}, text), input);
}

/** Replaces the element's children; arrays are flattened, null and false left out. */
export function fill(el, ...children) {
  clear(el);
  return build(el, {}, children);
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// Times show in the site's time zone (the controller's timezone setting, told with the account), wherever the
// browser is: staff at a desk far from the gate see the gate's clock.
let zone;

export function setTimeZone(z) {
  try {
    zone = z ? Intl.DateTimeFormat(undefined, { timeZone: z }).resolvedOptions().timeZone : undefined;
  } catch {
    zone = undefined;
  }
}

export function siteZone() {
  return zone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function time(iso) {
  const d = iso ? new Date(iso) : null;
  return d && !isNaN(d) ? d.toLocaleTimeString(language(), zone ? { timeZone: zone } : {}) : '';
}

export function dateTime(iso) {
  const d = iso ? new Date(iso) : null;
  return d && !isNaN(d) ? d.toLocaleString(language(), zone ? { timeZone: zone } : {}) : '';
}

export function ago(iso) {
  const d = iso ? Date.parse(iso) : NaN;
  if (isNaN(d)) return '–';
  const sec = Math.max(0, Math.round((Date.now() - d) / 1000));
  return sec < 60 ? t('{n} s ago', { n: sec }) : sec < 3600 ? t('{n} min ago', { n: Math.round(sec / 60) }) : time(iso);
}

/** An <input type=datetime-local> value for a Date, in local time. */
export function localInput(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A crop image from base64 JPEG (live facts) or a URL (history); anything else shows as "no crop". */
export function crop(base64OrUrl, alt = t('plate crop')) {
  if (typeof base64OrUrl === 'string' && /^[A-Za-z0-9+/=]+$/.test(base64OrUrl)) {
    return h('img', { class: 'crop', alt, src: 'data:image/jpeg;base64,' + base64OrUrl });
  }
  if (typeof base64OrUrl === 'string' && base64OrUrl.startsWith('/api/')) {
    return h('img', { class: 'crop', alt, src: base64OrUrl, loading: 'lazy' });
  }
  return h('span', { class: 'no-crop' }, t('no crop'));
}

/** A small message line that replaces itself. */
export function note(el, text, kind = 'info') {
  fill(el, h('p', { class: `note ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text));
}

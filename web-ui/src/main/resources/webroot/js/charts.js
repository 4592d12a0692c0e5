// Small SVG charts drawn from data, no library: bars for entries/exits per hour, a line for occupancy.

import { h, s } from './dom.js';

const W = 720;
const H = 220;
const PAD = { l: 36, r: 8, t: 12, b: 24 };

/** A step of 1, 2 or 5 times a power of ten, so that about four whole-number ticks cover max. */
export function niceStep(max) {
  const raw = Math.max(1, max / 4);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return Math.max(1, (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p);
}

/** Grid and ticks; returns the width of one slot and the top of the scale (a whole number of steps). */
function axes(svg, max, labels) {
  const ih = H - PAD.t - PAD.b;
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  for (let v = 0; v <= top; v += step) {
    const y = PAD.t + ih - (ih * v) / top;
    svg.append(s('line', { x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, class: 'grid' }),
      s('text', { x: PAD.l - 4, y: y + 4, class: 'tick', 'text-anchor': 'end' }, String(v)));
  }
  const n = labels.length;
  const iw = (W - PAD.l - PAD.r) / Math.max(1, n);
  const every = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i += every) {
    svg.append(s('text', { x: PAD.l + iw * i + iw / 2, y: H - 6, class: 'tick', 'text-anchor': 'middle' },
      labels[i]));
  }
  return [iw, top];
}

const hourLabels = (n) => Array.from({ length: n }, (_, i) => String(i).padStart(2, '0'));

/** Grouped bars per slot (hours unless labels are given); series = [{name, key, cls}]. */
export function bars(title, hours, series, labels = hourLabels(hours.length)) {
  const max = Math.max(1, ...hours.flatMap((x) => series.map((se) => x[se.key] || 0)));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title });
  const [iw, top] = axes(svg, max, labels);
  const ih = H - PAD.t - PAD.b;
  const bw = (iw * 0.8) / series.length;
  hours.forEach((x, i) => series.forEach((se, j) => {
    const v = x[se.key] || 0;
    const bh = (ih * v) / top;
    svg.append(s('rect', { x: PAD.l + iw * i + iw * 0.1 + bw * j, y: PAD.t + ih - bh, width: bw, height: bh,
      class: se.cls }, s('title', {}, `${labels[i]} ${se.name}: ${v}`)));
  }));
  return figure(title, svg, series);
}

/** A line of one value per hour; null values leave a gap. */
export function line(title, hours, key, cls, name = key) {
  const vals = hours.map((x) => x[key]);
  const max = Math.max(1, ...vals.filter((v) => v !== null && v !== undefined));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title });
  const [iw, top] = axes(svg, max, hourLabels(hours.length));
  const ih = H - PAD.t - PAD.b;
  let d = '';
  vals.forEach((v, i) => {
    if (v === null || v === undefined) return;
    const x = PAD.l + iw * i + iw / 2;
    const y = PAD.t + ih - (ih * v) / top;
    d += (d && vals[i - 1] !== null && vals[i - 1] !== undefined ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1);
    svg.append(s('circle', { cx: x, cy: y, r: 3, class: cls }, s('title', {}, `${String(i).padStart(2, '0')}:00 ${v}`)));
  });
  svg.prepend(s('path', { d: d || 'M0 0', class: cls + ' line' }));
  return figure(title, svg, [{ name, cls }]);
}

function figure(title, svg, series) {
  return h('figure', { class: 'chart-box' }, h('figcaption', {}, title,
    ...series.map((se) => h('span', { class: 'legend ' + se.cls }, se.name))), svg);
}

// The plate region of a lane, drawn on the camera's last frame: plates whose box centre lies outside it are ignored,
// and motion is looked for only inside it. Points are frame fractions, so the region survives a change of resolution.

import { h, s, clear } from './dom.js';
import { t, tn } from './i18n.js';

// what the server uses when a lane has no region (CameraConfig.plateRegion): the frame below its top quarter for a
// camera that watches a scene (its top holds the far background, parked cars, the other lanes), the whole frame for
// pushed frames, which a motion detector or a person chose
const BELOW_TOP_QUARTER = [[0, 0.25], [1, 0.25], [1, 1], [0, 1]];
const WHOLE_FRAME = [[0, 0], [1, 0], [1, 1], [0, 1]];
const defaultRegion = (type) => (type === 'push' ? WHOLE_FRAME : BELOW_TOP_QUARTER);

const round = (v) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;

/**
 * The editor's element and its value: {el, value(), setType(type)}. value() is the polygon to save ([] for the
 * default region); a polygon of one or two points is returned as it is, for the form to refuse.
 */
export function regionEditor(laneId, roi, type) {
  let points = Array.isArray(roi) ? roi.map(([x, y]) => [x, y]) : [];
  let cameraType = type;
  // the overlay's units are the frame's pixels, so that points stay round and strokes even on any frame shape
  let size = { w: 1600, h: 900 };
  const overlay = s('svg', { class: 'roi-overlay', viewBox: `0 0 ${size.w} ${size.h}`, preserveAspectRatio: 'none',
    'aria-hidden': 'true' });
  const status = h('p', { class: 'muted roi-status', role: 'status' });
  const placeholder = h('div', { class: 'roi-placeholder' },
    h('span', {}, t('no frame yet: save the lane and reopen')));
  const frame = h('div', { class: 'frame roi-frame', title: t('Click to add a point of the region') }, placeholder,
    overlay);

  if (laneId) {
    const img = h('img', { class: 'frame-img', alt: t('last frame of lane {lane}', { lane: laneId }), hidden: true });
    img.onload = () => {
      size = { w: img.naturalWidth, h: img.naturalHeight };
      overlay.setAttribute('viewBox', `0 0 ${size.w} ${size.h}`);
      placeholder.remove();
      img.hidden = false;
      draw();
    };
    img.onerror = () => img.remove();
    frame.prepend(img);
    img.src = `/api/lanes/${encodeURIComponent(laneId)}/frames/latest`;
  }

  frame.addEventListener('click', (e) => {
    const r = overlay.getBoundingClientRect();
    if (!r.width || !r.height) return;
    points.push([round((e.clientX - r.left) / r.width), round((e.clientY - r.top) / r.height)]);
    draw();
  });
  const undo = h('button', { type: 'button', class: 'small', onclick: () => { points.pop(); draw(); } },
    t('Undo point'));
  const reset = h('button', { type: 'button', class: 'small', onclick: () => { points = []; draw(); } }, t('Clear'));

  function draw() {
    clear(overlay);
    const px = (p) => `${p[0] * size.w},${p[1] * size.h}`;
    const stroke = Math.max(2, size.w / 400);
    if (points.length === 0) {
      overlay.append(s('polygon', { class: 'roi default', points: defaultRegion(cameraType).map(px).join(' '),
        'stroke-width': stroke,
        'stroke-dasharray': `${stroke * 4} ${stroke * 3}` }));
    } else {
      overlay.append(s(points.length >= 3 ? 'polygon' : 'polyline', { class: 'roi', points: points.map(px).join(' '),
        'stroke-width': stroke }));
      points.forEach((p) => overlay.append(s('circle', { class: 'roi-point', cx: p[0] * size.w, cy: p[1] * size.h,
        r: stroke * 2.5 })));
    }
    undo.disabled = points.length === 0;
    reset.disabled = points.length === 0;
    status.textContent = points.length === 0
      ? (cameraType === 'push' ? t('Default region: the whole frame.')
        : t('Default region: the frame below its top quarter.')) + ' ' + t('Click on the frame to draw your own.')
      : points.length < 3 ? tn('{n} point: a region needs at least 3.', '{n} points: a region needs at least 3.',
        points.length)
        : t('Region of {n} points.', { n: points.length });
  }
  draw();

  return {
    el: h('div', { class: 'roi-editor' }, frame, h('div', { class: 'roi-actions' }, undo, reset), status),
    value: () => points.map(([x, y]) => [round(x), round(y)]),
    setType: (t) => { cameraType = t; draw(); },
  };
}

// The header's word on the controller: how many alerts are active and whether one is critical, or /health's
// DEGRADED or DOWN when no alert explains it. The dashboard feeds it live; the other pages ask every 15 s.

import { api } from './api.js';
import { t, tn, mark } from './i18n.js';
import { alertText } from './words.js';

const POLL_MS = 15000;
const HEALTH = { UP: mark('up'), DEGRADED: mark('degraded'), DOWN: mark('down') };
let timer = null;

/** Shows the worst of the active alerts, or /health's status when it is not UP; hides itself when all is well. */
export function showBadge(alerts, health) {
  const badge = document.getElementById('alert-state');
  if (!badge) return;
  const critical = alerts.some((a) => a.level === 'critical');
  const degraded = health && health !== 'UP';
  badge.hidden = !alerts.length && !degraded;
  badge.className = 'alert-state ' + (critical || health === 'DOWN' ? 'bad' : 'warn');
  badge.textContent = alerts.length
    ? tn('{n} alert', '{n} alerts', alerts.length) + (critical ? ' · ' + t('critical') : '')
    : t('health: {status}', { status: t(HEALTH[health] || 'down') });
  badge.title = alerts.length ? alerts.map(alertText).join('\n') : t('/health says {status}', { status: health });
}

/** /health's word for the whole controller (UP, DEGRADED, DOWN); DOWN when it does not answer. */
export async function healthStatus() {
  try {
    const r = await fetch('/health', { credentials: 'same-origin' });
    return (await r.json()).status;
  } catch {
    return 'DOWN';
  }
}

/** Where the page has no live connection: the alerts and health asked now and every 15 s until stopped. */
export function pollBadge() {
  stopBadge();
  const look = async () => {
    const [alerts, health] = await Promise.all([
      api('GET', '/api/alerts').then((r) => r.alerts).catch(() => []),
      healthStatus(),
    ]);
    if (timer !== null) showBadge(alerts, health);
  };
  timer = setInterval(look, POLL_MS);
  look();
}

export function stopBadge() {
  clearInterval(timer);
  timer = null;
}

// One exchange as the detail shows it: headers and bodies side by side, what differs marked,
// copy as curl, Verify, its attempts and a comparison with another exchange.
import { el } from './dom.js';
import { bodyView, curlOf } from './bodies.js';
import { allowVerify, verifyControl } from './verify.js';
import { getJson, state } from './net.js';
import { attemptsView } from './attempts.js';

/** How the detail opens what an exchange links to; set once by the page. */
let nav = { showExchange: () => {}, openFindingOf: () => {}, showDiff: () => {} };
export function initExchange(n) { nav = n; }

/** A time in the reader's zone, to the millisecond; the UTC value, to the microsecond, on hover. */
export function when(iso) {
  const d = new Date(iso);
  const local = Number.isNaN(d.getTime()) ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  return el('time', { datetime: iso, title: iso + ' (UTC)' }, local);
}

/** Copies {@code text}, and says whether it worked: a browser may refuse the clipboard. */
async function copy(button, text) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'copied ✓';
  } catch (e) {
    button.textContent = 'cannot copy here: select the command below';
    button.closest('.exchange')?.querySelector('details')?.setAttribute('open', '');
  }
  setTimeout(() => { button.textContent = 'copy as curl'; }, 2500);
}

let proxyOriginCache = null;
export async function proxyOrigin() {
  if (!proxyOriginCache) {
    const info = await getJson('/api/info');
    allowVerify(info.verify === true);
    if (!info.proxy) {
      // A dashboard-only twice has no proxy port: commands name a fleet member's default one.
      proxyOriginCache = 'http://localhost:8080';
      return proxyOriginCache;
    }
    const host = info.proxy.host ? (info.proxy.host.includes(':') ? `[${info.proxy.host}]` : info.proxy.host) : location.hostname;
    proxyOriginCache = `http://${host}:${info.proxy.port}`;
  }
  return proxyOriginCache;
}

/** What a finding's differences mark in its compared responses: status, Location, JSON paths. */
export function marksOf(differences, requestDifferences = []) {
  const where = (differences || []).map(d => d.where);
  return { status: where.includes('status'), location: where.some(w => w.toLowerCase() === 'location'),
    paths: new Set(where.filter(w => w.startsWith('$'))),
    request: new Set(requestDifferences.map(d => d.where.toLowerCase())) };
}

const NO_MARKS = marksOf([]);

export async function exchangeColumn(id, marks = NO_MARKS) {
  const x = await getJson('/api/exchanges/' + id);
  const differs = (name, response) => (response ? marks.location && name.toLowerCase() === 'location'
    : marks.request.has(name.toLowerCase())) ? 'differs' : null;
  const headers = (list, response) => el('table', {}, el('tbody', {},
    list.map(([n, v]) => el('tr', { class: differs(n, response) }, el('td', {}, n), el('td', {}, v)))));
  // Sent again through twice's own proxy port, never to the recorded Host (a client may plant any).
  const curl = curlOf(x, await proxyOrigin());
  return el('div', { class: 'exchange', 'data-exchange': id },
    el('h3', {}, `#${x.id} ${x.method} `, el('code', {}, x.url)),
    el('p', {}, el('span', { class: marks.status ? 'differs' : null }, `status ${x.status ?? '—'}`),
      ` · ${x.durationMs.toFixed(1)} ms · `, when(x.startedAt),
      x.error ? el('span', { class: 'error' }, ` · ${x.error}`) : null),
    el('p', {}, el('a', { href: '/api/exchanges/' + id, target: '_blank', rel: 'noopener' }, 'raw JSON'), ' · ',
      el('button', { type: 'button', class: 'copy-curl', onclick: e => copy(e.target, curl) }, 'copy as curl')),
    x.origin === 'verification' ? el('p', { class: 'muted' }, 'sent by a verification, not a client: no rule judges it') : null,
    x.findings.length ? el('p', { class: 'exchange-findings' }, 'part of: ', x.findings.map((r, i) => [i ? ', ' : '',
      el('a', { href: '#', onclick: e => { e.preventDefault(); nav.openFindingOf(r, x.id); } }, r)])) : null,
    verifyControl(x, other => nav.showExchange(other, null)),
    compareControl(x.id),
    attemptsOf(x),
    el('div', { class: 'sides' },
      el('section', {}, el('h3', {}, 'Request'), headers(x.request.headers, false), bodyView(x.request.body)),
      el('section', {}, el('h3', {}, 'Response'), x.response ? headers(x.response.headers, true) : null,
        bodyView(x.response && x.response.body, marks.paths))),
    el('details', {}, el('summary', {}, 'curl'), el('pre', { class: 'curl' }, curl)));
}

/** The attempts at the exchange's URL, and with its Idempotency-Key, each loaded when opened. */
function attemptsOf(x) {
  const lazy = (label, query) => {
    const box = el('details', { class: 'attempts-box' }, el('summary', {}, label));
    box.addEventListener('toggle', async () => {
      if (!box.open || box.dataset.loaded) return;
      box.dataset.loaded = 'yes';
      box.append(await attemptsView(query, other => nav.showExchange(other, null)));
    });
    return box;
  };
  const key = x.request.headers.find(([n]) => n.toLowerCase() === 'idempotency-key')?.[1].replace(/^"(.*)"$/, '$1');
  return [lazy('Attempts at this URL', 'url=' + encodeURIComponent(x.url)),
    key ? lazy(`Attempts with Idempotency-Key ${key}`, 'key=' + encodeURIComponent(key)) : null];
}


/**
 * Compare any two exchanges: "Compare…" marks this one; on another exchange "Compare with #N"
 * opens the two side by side with what differs marked (docs/dashboard.md).
 */
function compareControl(id) {
  const marked = state.compareWith;
  if (marked && marked !== id) {
    return el('p', { class: 'compare' },
      el('button', { type: 'button', class: 'compare-with', onclick: () => nav.showDiff(marked, id) }, `Compare with #${marked}`),
      ' ', el('button', { type: 'button', class: 'compare-forget', onclick: e => { state.compareWith = null; e.target.closest('p').remove(); } }, 'forget #' + marked));
  }
  const mark = el('button', { type: 'button', class: 'compare-mark', 'aria-pressed': String(marked === id), onclick: () => {
    state.compareWith = id;
    mark.textContent = `#${id} marked: open another exchange to compare`;
    mark.setAttribute('aria-pressed', 'true');
  } }, marked === id ? `#${id} marked: open another exchange to compare` : 'Compare…');
  return el('p', { class: 'compare' }, mark);
}

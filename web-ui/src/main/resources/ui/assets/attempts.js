// The attempts timeline: every request behind a finding, at a URL or with an Idempotency-Key, in
// time order, with what tells them apart (docs/dashboard.md, "Attempts"). Bodies are named by
// their hashes: the same letter is the same bytes, so "same request, answers A then B" reads at
// a glance; the pair the rule compared is marked, and its differences are in the columns below.
import { el } from './dom.js';
import { getJson } from './net.js';

/** "+12 ms", "+1.4 s", "+3 min": the time since the attempt before. */
export function gap(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `+${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60000) return `+${(ms / 1000).toFixed(1)} s`;
  if (ms < 3600000) return `+${Math.round(ms / 60000)} min`;
  return `+${(ms / 3600000).toFixed(1)} h`;
}

/** A letter per distinct hash, in order of first appearance: A, B, … Z, A2, … */
export function lettersOf(hashes) {
  const letters = new Map();
  for (const h of hashes) {
    if (h && !letters.has(h)) {
      const n = letters.size;
      letters.set(h, String.fromCharCode(65 + (n % 26)) + (n >= 26 ? Math.floor(n / 26) + 1 : ''));
    }
  }
  return letters;
}

function size(n) {
  if (n === null || n === undefined) return '';
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

function bodyCell(hash, bytes, letters, what) {
  if (!hash) return el('td', { class: 'muted' }, '—');
  const letter = letters.get(hash);
  const n = [...letters.keys()].indexOf(hash);
  return el('td', { class: `body-tag b${n % 6}`, title: `${what} sha256 ${hash}` },
    el('b', {}, letter), ' ', el('span', { class: 'muted' }, size(bytes)));
}

/**
 * The timeline of {@code query} ({@code finding=ID}, {@code url=…} or {@code key=…}) as a table;
 * each id opens its exchange through {@code open}.
 */
export async function attemptsView(query, open) {
  const page = await getJson('/api/attempts?' + query);
  const items = page.items;
  if (!items.length) return el('p', { class: 'muted attempts-none' }, 'No recorded attempts.');
  const responses = lettersOf(items.map(a => a.responseSha256));
  const requests = lettersOf(items.map(a => a.requestSha256));
  const instances = new Set(items.map(a => a.instance));
  const methods = new Set(items.map(a => a.method));
  const keys = items.some(a => a.idempotencyKey);
  const envoy = items.some(a => a.attemptCount);
  const locations = items.some(a => a.location);
  const urls = new Set(items.map(a => a.url));
  const head = ['when', '#', instances.size > 1 ? 'instance' : null, methods.size > 1 || urls.size > 1 ? 'request' : null,
    'status', 'request body', 'response', locations ? 'Location' : null, keys ? 'key' : null, envoy ? 'attempt' : null]
    .filter(Boolean);
  const rows = items.map((a, i) => {
    const cells = [
      el('td', { class: 'when', title: a.startedAt + ' (UTC)' }, i === 0 ? new Date(a.startedAt).toLocaleTimeString() : gap(a.sincePreviousMs)),
      el('td', {}, el('a', { href: '#', 'data-exchange-link': a.id, onclick: e => { e.preventDefault(); open(a.id); } }, `#${a.id}`),
        a.compared ? el('span', { class: 'compared-tag', title: 'one of the two the rule compared' }, ' compared') : null),
      instances.size > 1 ? el('td', {}, a.instance) : null,
      methods.size > 1 || urls.size > 1 ? el('td', { class: 'request', title: a.url }, a.method, urls.size > 1 ? ' ' + a.url : '') : null,
      el('td', { class: a.status === null ? 's-none' : `s${String(a.status)[0]}xx` }, a.status ?? '—', a.error ? ` ${a.error}` : ''),
      bodyCell(a.requestSha256, a.requestSize, requests, 'request body'),
      bodyCell(a.responseSha256, a.responseSize, responses, 'response body'),
      locations ? el('td', { class: 'location' }, a.location || '') : null,
      keys ? el('td', { class: 'key' }, a.idempotencyKey || '') : null,
      envoy ? el('td', {}, a.attemptCount || '') : null,
    ].filter(Boolean);
    return el('tr', { class: [a.compared ? 'compared' : '', a.inFinding ? 'in-finding' : '',
      a.origin === 'verification' ? 'verification' : ''].join(' ').trim() || null, 'data-attempt': a.id }, cells);
  });
  const legend = `${items.length} attempt${items.length === 1 ? '' : 's'}, oldest first`
    + (page.more ? ` (the latest ${items.length}; there are more)` : '')
    + ` · ${responses.size === 1 ? 'the same response each time' : `${responses.size} different responses`}`
    + ` to ${requests.size === 1 ? 'the same request body' : `${requests.size} different request bodies`}`;
  return el('div', { class: 'attempts' },
    el('p', { class: 'muted' }, legend),
    el('div', { class: 'attempts-scroll' }, el('table', { class: 'attempts-table' },
      el('thead', {}, el('tr', {}, head.map(h => el('th', {}, h)))), el('tbody', {}, rows))));
}

// The traffic list: filters (applied as you type), pages, live rows (bounded), finding marks.
import { el } from './dom.js';
import { $, getJson, state } from './net.js';
import { append, has, initList, oldest, prepend, replace, size, update } from './list.js';

/** The exchanges of the open finding (their rows stand out). */
let highlighted = new Set();
let handlers = { openExchange: () => {}, openFinding: () => {}, keys: () => {} };

export function filterQuery() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($('filters'))) if (v) params.set(k, v);
  return params;
}

/** The filters from the page's address (?method=PUT&url=orders): a filtered view is a link. */
function filtersFromAddress() {
  const form = $('filters');
  for (const [k, v] of new URLSearchParams(location.search)) {
    const field = form.elements[k];
    if (!field || !('value' in field)) continue;
    // An instance is listed only once the fleet is read: the one in the address is kept meanwhile.
    if (field.tagName === 'SELECT' && ![...field.options].some(o => o.value === v)) field.append(el('option', {}, v));
    field.value = v;
  }
}

/** The address follows the filters, without a history entry per keystroke. */
function filtersToAddress() {
  const q = filterQuery().toString();
  const want = location.pathname + (q ? '?' + q : '') + location.hash;
  if (want !== location.pathname + location.search + location.hash) history.replaceState(history.state, '', want);
}

function matchesFilters(s) {
  const f = Object.fromEntries(filterQuery());
  if (f.method && s.method !== f.method) return false;
  if (f.url && !s.url.toLowerCase().includes(f.url.toLowerCase())) return false;
  if (f.instance && s.instance !== f.instance) return false;
  if (f.finding) return false; // an exchange arrives before its finding: the finding's event reloads the list
  if (f.q) return false; // a search is a snapshot: live summaries carry no bodies to match
  if (f.status) {
    const st = String(s.status);
    if (/^[1-5]xx$/i.test(f.status) ? st[0] !== f.status[0] : st !== f.status) return false;
  }
  return true;
}

function findingMarks(rules) {
  return rules.map((r, i) => [i ? ', ' : '', el('a', { href: '#', class: 'finding-link', 'data-rule': r,
    onclick: e => { e.preventDefault(); e.stopPropagation(); handlers.openFinding(r, e.target.closest('tr').dataset.id); } }, r)]);
}

function row(s) {
  const tr = el('tr', {
    tabindex: 0, 'data-id': s.id,
    class: [s.error ? 'failed' : '', s.findings.length ? 'flagged' : '', s.truncated ? 'cut' : '', s.origin === 'verification' ? 'verification' : '',
      highlighted.has(Number(s.id)) ? 'in-finding' : '', state.selected === Number(s.id) ? 'selected' : ''].join(' ').trim() || null,
    onclick: () => handlers.openExchange(s.id, tr),
    onkeydown: e => handlers.keys(e, tr, () => handlers.openExchange(s.id, tr)),
  }, el('td', {}, s.id), el('td', { class: 'method m-' + s.method.toLowerCase().replace(/[^a-z]/g, '') }, s.method, s.origin === 'verification' ? el('span', { class: 'origin', title: 'sent by a verification' }, ' ⟲') : null),
    el('td', { class: 'url', title: s.url }, s.url, s.truncated ? el('span', { class: 'muted', title: 'a body was cut at --max-body or shed' }, ' ✂') : null),
    el('td', { class: 'status ' + (s.status === null ? 's-none' : `s${String(s.status)[0]}xx`), title: s.error || '' },
      s.status === null ? '—' : s.status, s.error ? ` ${s.error}` : ''),
    el('td', {}, s.durationMs.toFixed(1)), el('td', { class: 'findings' }, s.findings.length ? ['⚑ ', findingMarks(s.findings)] : ''),
    el('td', { class: 'instance' }, s.instance));
  return tr;
}

/** Each list request's number: an answer that comes back after a newer request started is dropped. */
let loads = 0;

export async function loadTraffic(older) {
  const seq = ++loads;
  const params = filterQuery();
  if (older && state.next) params.set('before', state.next);
  $('har').href = '/api/export.har?' + filterQuery();
  if (!older) filtersToAddress();
  try {
    const page = await getJson('/api/exchanges?' + params);
    if (seq !== loads) return; // typing went on: a newer list is on its way (a search can take 300 ms)
    $('filter-error').hidden = true;
    if (older) append(page.items); else replace(page.items);
    state.next = page.next;
    $('older').hidden = page.next === null;
    // A search page ends early once it has examined its share of rows: say so, and go on from there.
    const searching = params.has('q');
    $('older').textContent = searching ? `Search older (searched down to #${page.next})` : 'Load older';
    $('search-note').hidden = !searching;
    $('search-note').textContent = searching
      ? `${size()} found in URLs, headers and bodies · live rows wait while searching (Enter searches again)` : '';
  } catch (e) {
    if (seq !== loads) return;
    // A bad filter shows its error and no list: rows below it would not match what it says.
    replace([]);
    $('older').hidden = true;
    $('filter-error').textContent = String(e.message);
    $('filter-error').hidden = false;
  }
}

/** While paused, live rows are counted, not shown: the list holds still to be read. */
let paused = false;
let waiting = 0;

function pauseButton() {
  const b = $('pause');
  b.textContent = !paused ? 'Pause' : waiting ? `${waiting} new — show` : 'Resume';
  b.setAttribute('aria-pressed', String(paused));
}

/**
 * Live exchanges are put on the page a few times a second, together: one layout and paint for
 * all that arrived, not one per exchange (at 50 a second, one each kept the page's main thread
 * busy most of the time: bench/README.md, "The dashboard under live traffic").
 */
const FLUSH_MS = 250;
let arrived = [];
let flushing = null;

export function liveExchange(s) {
  arrived.push(s);
  if (!flushing) flushing = setTimeout(flush, FLUSH_MS);
}

function flush() {
  flushing = null;
  const batch = arrived;
  arrived = [];
  $('count-exchanges').textContent = state.exchanges;
  const body = $('traffic').tBodies[0];
  // A reload of the list may already hold what waited here.
  const shown = batch.filter(s => matchesFilters(s) && !has(s.id));
  if (!shown.length) return;
  if (paused) {
    waiting += shown.length;
    pauseButton();
    return;
  }
  // Rows arriving above the one being read do not move it: the browser's scroll anchoring keeps
  // it in place (adding their height by hand as well moved it twice as far).
  if (prepend([...shown].reverse()) > 0) { // newest first; the oldest beyond the bound went
    state.next = oldest().id;
    $('older').hidden = false;
  }
  // Scrolled down the list, the reader does not see rows arrive above: say how many, one click away.
  if (body.getBoundingClientRect().top < 0) {
    above += shown.length;
    const b = $('new-above');
    b.textContent = `${above} new ↑`;
    b.hidden = false;
  }
}

/** Rows that arrived above the view since the reader scrolled down. */
let above = 0;

function backToTop() {
  above = 0;
  $('new-above').hidden = true;
}

let reload = null;
export function liveFinding(f) {
  const ids = new Set(f.exchangeIds.map(Number));
  for (const s of arrived) { // not on the page yet: the row is made with its mark
    if (ids.has(s.id) && !s.findings.includes(f.rule)) s.findings = [...s.findings, f.rule];
  }
  if (filterQuery().get('finding') === f.rule) {
    clearTimeout(reload); // the list of that rule's exchanges has grown: read it again, once per burst
    reload = setTimeout(() => loadTraffic(false), 200);
    return;
  }
  for (const id of f.exchangeIds) {
    update(id, s => { if (!s.findings.includes(f.rule)) s.findings = [...s.findings, f.rule]; });
  }
}

/** The rows of the exchanges a finding is made of stand out while it is open. */
export function highlight(ids) {
  highlighted = new Set(ids.map(Number));
  for (const tr of $('traffic').querySelectorAll('tbody tr[data-id]')) tr.classList.toggle('in-finding', highlighted.has(Number(tr.dataset.id)));
}

export function initTraffic(h) {
  handlers = h;
  initList($('traffic').tBodies[0], row);
  filtersFromAddress();
  let typing = null;
  $('filters').addEventListener('input', e => {
    if (e.target.tagName !== 'INPUT') return;
    clearTimeout(typing); // as you type, once you pause
    typing = setTimeout(() => loadTraffic(false), 300);
  });
  $('filters').addEventListener('change', e => { if (e.target.tagName === 'SELECT') loadTraffic(false); });
  $('filters').addEventListener('submit', e => { e.preventDefault(); loadTraffic(false); });
  $('older').addEventListener('click', () => loadTraffic(true));
  $('new-above').addEventListener('click', () => {
    backToTop();
    $('traffic').scrollIntoView({ block: 'start' });
    $('traffic').querySelector('tbody tr[data-id]')?.focus({ preventScroll: true });
  });
  // Back at the top of the list by scrolling: nothing is unseen any more.
  window.addEventListener('scroll', () => {
    if (above && $('traffic').tBodies[0].getBoundingClientRect().top >= 0) backToTop();
  }, { passive: true });
  $('pause').addEventListener('click', () => {
    paused = !paused;
    if (!paused && waiting) loadTraffic(false); // what arrived meanwhile, in order
    waiting = 0;
    pauseButton();
  });
}

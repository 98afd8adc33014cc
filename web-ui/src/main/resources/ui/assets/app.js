import { el, clear } from './dom.js';
import { reproduceLinks, verifiable, verifyControl } from './verify.js';
import { $, getJson, postJson, state } from './net.js';
import { highlight, initTraffic, liveExchange, liveFinding, loadTraffic } from './traffic.js';
import { cover, follow, keys, leave, opening } from './nav.js';
import { RULES, explainCard, severityNote } from './explain.js';
import { attemptsView } from './attempts.js';
import { initClear } from './clear.js';
import { exchangeColumn, initExchange, marksOf, proxyOrigin, when } from './exchange.js';

/** Opens the finding of {@code rule} that exchange {@code exchangeId} is part of. */
function openFindingOf(rule, exchangeId) {
  const f = state.findings.find(x => x.rule === rule && x.exchangeIds.map(String).includes(String(exchangeId)));
  if (f) showFinding(f, document.querySelector(`#findings li[data-finding="${f.id}"]`));
}

async function loadFindings() {
  const page = await getJson('/api/findings');
  state.findings = page.items;
  const list = $('findings');
  // A rebuild must not take the reader's place: the focused and the selected finding stay so.
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.finding : null;
  const selected = list.querySelector('li.selected')?.dataset.finding;
  clear(list);
  $('no-findings').hidden = page.items.length > 0;
  let violations = 0;
  let warnings = 0;
  // Muted (acknowledged) findings go last, greyed, and count apart.
  const ordered = [...page.items.filter(f => !f.muted), ...page.items.filter(f => f.muted)];
  for (const f of ordered) {
    if (f.muted) { /* counted below */ } else if (f.severity === 'violation') violations++; else warnings++;
    const li = el('li', { tabindex: 0, 'data-finding': f.id, class: f.muted ? 'muted-finding' : null, onclick: () => showFinding(f, li),
      onkeydown: e => keys(e, li, () => showFinding(f, li)) },
      el('strong', { class: f.severity }, f.severity), ' ', el('code', {}, f.rule), ' ',
      el('span', {}, `${f.method} ${f.url}`), ' ', el('span', { class: 'muted' }, `(${f.exchangeIds.length} exchanges)`),
      f.muted ? el('span', { class: 'muted' }, ' · muted') : null);
    list.append(li);
    if (String(f.id) === selected) li.classList.add('selected');
    if (String(f.id) === focused) li.focus({ preventScroll: true });
  }
  $('count-violations').textContent = violations;
  $('count-warnings').textContent = warnings;
  const muted = page.items.length - violations - warnings;
  $('count-muted').textContent = muted ? `${muted} muted` : '';
}

async function loadHealth() {
  const health = $('recording-health');
  let h;
  try {
    h = await getJson('/healthz');
  } catch (e) {
    health.textContent = 'dashboard unreachable: retrying every 5 s';
    health.className = 'error';
    $('service-health').hidden = true;
    return;
  }
  const r = h.recording;
  if (!state.fleet) { // in a fleet the count is the store's, from /api/instances
    state.exchanges = r.recorded;
    $('count-exchanges').textContent = r.recorded;
  }
  const failed = Object.values(r.failed).reduce((a, b) => a + b, 0);
  // Recording's own state here; what else is degraded (the upstream, a shared store's analysis) beside it.
  const recordingOk = r.enabled && !(h.reason || '').includes('recording');
  health.textContent = recordingOk
    ? `ok · dropped ${r.dropped} · failed ${failed} · bodies shed ${r.bodiesShed}`
    : (h.reason || '').split('; ').filter(x => x.includes('recording')).join('; ') || 'off';
  health.className = recordingOk && r.dropped === 0 && failed === 0 ? '' : 'error';
  const other = (h.reason || '').split('; ').filter(x => x && !x.includes('recording'));
  $('service-health').hidden = other.length === 0;
  $('service-problem').textContent = other.join('; ');
}

/** A fleet (docs/fleet.md): each instance with the age of its last exchange; the column and filter appear. */
async function loadInstances() {
  const items = (await getJson('/api/instances')).items;
  const many = items.length > 1;
  state.fleet = many;
  if (many) {
    state.exchanges = items.reduce((n, i) => n + i.exchanges, 0);
    $('count-exchanges').textContent = state.exchanges;
  }
  $('instances-item').hidden = !many;
  $('instance-filter').hidden = !many;
  $('traffic').toggleAttribute('data-single', !many);
  const list = $('instances');
  clear(list);
  const now = Date.now();
  items.forEach((i, n) => {
    const age = Math.max(0, Math.round((now - Date.parse(i.lastSeen)) / 1000));
    const ago = age < 120 ? `${age} s ago` : age < 7200 ? `${Math.round(age / 60)} min ago` : `${Math.round(age / 3600)} h ago`;
    list.append(n ? ', ' : '', el('span', { class: age > 300 ? 'stale' : '', title: `${i.exchanges} exchanges; last ${i.lastSeen}` },
      `${i.name} (${ago})`));
  });
  const select = $('filters').elements.instance;
  const chosen = select.value;
  clear(select);
  const names = items.map(i => i.name);
  if (chosen && !names.includes(chosen)) names.push(chosen); // a filter from the address stays as it is
  select.append(el('option', { value: '' }, 'any'), ...names.map(n => el('option', {}, n)));
  select.value = chosen;
}

/** Marks what is open; an exchange's row stays marked when the list's window renders it again. */
function select(node, exchangeId = null) {
  state.selected = exchangeId;
  document.querySelectorAll('.selected').forEach(n => n.classList.remove('selected'));
  if (node) node.classList.add('selected');
}

/** Two exchanges side by side, what differs in their requests and responses listed and marked in place. */
async function showDiff(a, b) {
  select(null);
  opening('diff', `${a}/${b}`, null);
  highlight([a, b]);
  const d = await getJson(`/api/diff?a=${a}&b=${b}`);
  const marks = marksOf(d.response, d.request);
  const columns = await Promise.all([exchangeColumn(a, marks), exchangeColumn(b, marks)]);
  const table = (title, list) => el('section', {}, el('h3', {}, title), list.length
    ? el('table', { class: 'diff' }, el('thead', {}, el('tr', {}, el('th', {}, 'where'), el('th', {}, `#${a}`), el('th', {}, `#${b}`))),
      el('tbody', {}, list.map(x => el('tr', {}, el('td', {}, el('code', {}, x.where)), el('td', {}, x.before ?? '(absent)'), el('td', {}, x.after ?? '(absent)')))))
    : el('p', { class: 'muted' }, 'no difference'));
  const detail = $('detail');
  clear(detail);
  detail.append(el('article', { class: 'comparison' },
    el('h2', {}, `#${a} and #${b} compared`),
    el('p', { class: 'muted' }, 'Responses compared as the analysis compares them (ignored fields left out, secrets withheld).'),
    table('Request', d.request), table('Response', d.response),
    el('div', { class: 'sides' }, columns)));
  reveal(detail);
}

async function showExchange(id, node) {
  select(node || document.querySelector(`#traffic tr[data-id="${Number(id)}"]`), Number(id));
  opening('exchange', id, node);
  highlight([]);
  const detail = $('detail');
  const column = await exchangeColumn(id);
  clear(detail);
  detail.append(column);
  reveal(detail);
}

/**
 * The detail scrolls on its own beside the list; on a narrow screen it covers the list, with a
 * Back button (and Esc) to return to where the reader was.
 */
function reveal(detail) {
  detail.prepend(el('button', { type: 'button', class: 'back', onclick: leave }, '← Back'));
  cover();
  detail.scrollTop = 0;
  const top = detail.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight - 40) detail.scrollIntoView({ block: 'start' });
}

/** At most the first and last three ids, each opening its exchange; the rest counted. */
function exchangeLinks(ids) {
  const link = id => el('a', { href: '#', 'data-exchange-link': id, onclick: e => { e.preventDefault(); showExchange(id, null); } }, `#${id}`);
  const shown = ids.length <= 6 ? ids.map(link) : [...ids.slice(0, 3).map(link), ` … ${ids.length - 6} more … `, ...ids.slice(-3).map(link)];
  return shown.flatMap((x, i) => (i && typeof x !== 'string' && typeof shown[i - 1] !== 'string' ? [', ', x] : [x]));
}

async function showFinding(f, node) {
  select(node);
  opening('finding', f.id, node);
  highlight(f.exchangeIds);
  const e = f.evidence || {};
  const diff = (e.differences || []).map(d => el('tr', {}, el('td', {}, el('code', {}, d.where)),
    el('td', {}, d.before ?? '(absent)'), el('td', {}, d.after ?? '(absent)')));
  // The pair the differences compare, as the analysis says; older findings without it: the last two.
  const ids = (e.compared || []).length === 2 ? e.compared : f.exchangeIds.slice(-2);
  const marks = marksOf(e.differences);
  const [timeline, ...columns] = await Promise.all([attemptsView('finding=' + f.id, id => showExchange(id, null)),
    ...ids.map(id => exchangeColumn(id, marks))]);
  await proxyOrigin(); // learns whether verification is allowed
  const first = await getJson('/api/exchanges/' + f.exchangeIds[0]);
  const detail = $('detail');
  clear(detail);
  detail.append(el('article', { class: 'finding' },
    el('h2', {}, el('span', { class: f.severity }, f.severity), ' ', el('code', {}, f.rule)),
    el('p', {}, f.message),
    el('p', { class: 'muted' }, RULES[f.rule]?.short || '', ' ', e.standard ? `(${e.standard})` : ''),
    el('details', { class: 'explain-card' }, el('summary', {}, 'Explain: what happened, why it matters, how to fix it'), explainCard(f.rule)),
    diff.length ? el('table', { class: 'diff' }, el('thead', {}, el('tr', {}, el('th', {}, 'where'), el('th', {}, 'before'),
      el('th', {}, 'after'))), el('tbody', {}, diff)) : null,
    (e.retryHints || []).length ? el('ul', { class: 'hints' }, e.retryHints.map(h => el('li', {}, h))) : null,
    el('p', { class: 'muted exchange-ids' }, 'exchanges ', exchangeLinks(f.exchangeIds),
      ' · first seen ', when(f.firstSeen), ' · last seen ', when(f.lastSeen)),
    el('p', {}, el('button', { type: 'button', class: 'mute', 'aria-pressed': String(f.muted), onclick: () => mute(f) },
      f.muted ? 'Unmute' : 'Mute'), ' ', el('span', { class: 'muted' }, f.muted
      ? 'muted: acknowledged, listed last and not counted'
      : 'acknowledge it: listed last, not counted, still extended by repeats')),
    reproduceLinks(f.id),
    verifiable(first) ? verifyControl(first, other => showExchange(other, null)) : null,
    el('section', { class: 'finding-attempts' }, el('h3', {}, 'Attempts'), timeline),
    el('p', { class: 'muted compared' }, `compared: #${ids[0]} and #${ids[1]}`),
    el('div', { class: 'sides' }, columns)));
  reveal(detail);
}

/** Mutes or unmutes {@code f}, then shows it and the list as they now are. */
async function mute(f) {
  const changed = await postJson(`/api/findings/${f.id}/mute`, { muted: !f.muted });
  await loadFindings();
  showFinding(changed, document.querySelector(`#findings li[data-finding="${changed.id}"]`));
}

/** The store was cleared (here or on another page): what is shown is gone, so the lists are read again. */
function afterClear() {
  leave();
  return Promise.all([loadFindings(), loadTraffic(false), loadHealth()]);
}

function live() {
  const events = new EventSource('/api/events');
  events.addEventListener('exchange', m => {
    const s = JSON.parse(m.data);
    state.exchanges++; // shown with the rows, a few times a second
    liveExchange(s);
  });
  events.addEventListener('finding', m => {
    liveFinding(JSON.parse(m.data));
    loadFindings();
  });
  events.addEventListener('cleared', () => afterClear());
  events.onerror = () => { $('live').textContent = '(reconnecting…)'; };
  // What happened between the first load and the stream's opening (or while it was down) is read once.
  events.onopen = () => {
    $('live').textContent = '(live)';
    Promise.all([loadFindings(), loadTraffic(false)]).then(() => { document.body.dataset.stream = 'open'; });
  };
}

async function start() {
  const findingSelect = $('filters').elements.finding;
  Object.keys(RULES).forEach(r => findingSelect.append(el('option', {}, r)));
  $('findings-title').after(severityNote());
  initTraffic({ openExchange: showExchange, openFinding: openFindingOf, keys });
  initExchange({ showExchange, openFindingOf, showDiff });
  initClear(afterClear);
  await Promise.all([loadHealth(), loadFindings(), loadTraffic(false), loadInstances()]);
  follow(async (kind, id) => {
    if (kind === 'exchange') showExchange(id, document.querySelector(`#traffic tr[data-id="${id}"]`));
    else if (kind === 'diff') showDiff(...id);
    else {
      const f = state.findings.find(x => x.id === id) || await getJson('/api/findings').then(p => p.items.find(x => x.id === id));
      if (f) showFinding(f, document.querySelector(`#findings li[data-finding="${id}"]`));
    }
  });
  setInterval(loadHealth, 5000);
  setInterval(() => loadInstances().catch(() => {}), 15000);
  live();
}

start();

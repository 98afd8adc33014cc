// Verify and reproduce (docs/verification.md): a Verify action where --allow-verify allows it (a hint
// naming the flag where it does not), its steps live, the verdict and its differences; downloads of a
// finding's reproduce.sh and JUnit test.
import { el, clear } from './dom.js';

let allowed = false;
export function allowVerify(on) { allowed = on; }

const header = (x, name) => x.request.headers.some(([n]) => n.toLowerCase() === name);
export const verifiable = x => x.method === 'PUT' || x.method === 'DELETE' || (x.method === 'POST' && header(x, 'idempotency-key'));

/** The Verify control for exchange detail {@code x}; {@code open(id)} shows a step's exchange. */
export function verifyControl(x, open) {
  if (!verifiable(x) || x.origin === 'verification') return null;
  if (!allowed) {
    return el('p', { class: 'muted verify-hint' }, 'Verify would send this request again to the upstream: start twice with --allow-verify to allow it.');
  }
  const out = el('div', { class: 'verification', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', class: 'verify', onclick: () => run(x.id, out, button, open) }, `Verify #${x.id}`);
  return el('div', { class: 'verify-box' }, button, ' ', el('span', { class: 'muted' },
    x.method === 'POST' ? 'sends it twice with one fresh Idempotency-Key' : `GET, ${x.method}, GET, ${x.method}, GET against the upstream`), out);
}

async function run(exchangeId, out, button, open) {
  button.disabled = true;
  clear(out);
  try {
    const r = await fetch('/api/verifications', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ exchangeId }) });
    let v = await r.json();
    if (!r.ok) throw new Error(v.error || r.status);
    render(v, out, open);
    while (v.state === 'running') {
      await new Promise(done => setTimeout(done, 250));
      const g = await fetch('/api/verifications/' + v.id, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      v = await g.json();
      render(v, out, open);
    }
  } catch (e) {
    clear(out);
    out.append(el('p', { class: 'error' }, String(e.message)));
  } finally {
    button.disabled = false;
  }
}

const SEVERITY = { 'not-idempotent': 'violation', inconclusive: 'warning', error: 'error', idempotent: 'ok', running: 'muted' };

function render(v, out, open) {
  clear(out);
  out.append(el('p', {}, el('strong', { class: SEVERITY[v.state] || '', 'data-state': v.state }, v.state), ' ', v.message));
  out.append(el('ol', { class: 'steps' }, v.steps.map(s => el('li', {}, `${s.method} ${s.url} → ${s.status ?? 'no answer'} `,
    s.exchangeId ? el('a', { href: '#', onclick: e => { e.preventDefault(); open(s.exchangeId); } }, `#${s.exchangeId}`) : null))));
  if (v.differences.length) {
    out.append(el('table', { class: 'diff' }, el('thead', {}, el('tr', {}, el('th', {}, 'where'), el('th', {}, 'first'), el('th', {}, 'second'))),
      el('tbody', {}, v.differences.map(d => el('tr', {}, el('td', {}, el('code', {}, d.where)), el('td', {}, d.before ?? '(absent)'), el('td', {}, d.after ?? '(absent)'))))));
  }
}

/** Download links for a finding's reproduction. */
export function reproduceLinks(findingId) {
  return el('p', { class: 'reproduce' }, 'Hand it over: ',
    el('a', { href: `/api/findings/${findingId}/reproduce.sh`, download: `reproduce-finding-${findingId}.sh` }, 'reproduce.sh'),
    ' (curl; exit 1 while it persists) · ',
    el('a', { href: `/api/findings/${findingId}/reproduce.java`, download: `ReproduceFinding${findingId}Test.java` }, 'JUnit test'),
    ' (fails while it persists)');
}

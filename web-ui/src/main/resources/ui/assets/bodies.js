import { el } from './dom.js';

// A body by its type: JSON pretty and collapsible, forms as a key/value table, text as text,
// anything else as size plus a hex dump of the first bytes.
/**
 * {@code marked}: the JSON paths ($.a.b[2]) where a finding's compared responses differ; those
 * values are highlighted and the levels above them opened.
 */
export function bodyView(body, marked = new Set()) {
  if (!body) return el('p', { class: 'muted' }, 'no response');
  const parts = [];
  const meta = [`${body.size} bytes`];
  if (body.contentType) meta.push(body.contentType);
  if (body.contentEncoding) meta.push(`${body.contentEncoding}, shown decoded`);
  parts.push(el('p', { class: 'muted' }, meta.join(' · ')));
  if (body.truncated) {
    parts.push(el('p', { class: 'note' }, body.stored === 0 && body.size > 0
      ? `Body not kept (shed under write pressure): ${body.size} bytes, sha256 ${body.sha256}`
      : `Truncated: showing the first ${body.stored} of ${body.size} bytes.`));
  }
  if (body.size === 0) {
    parts.push(el('p', { class: 'muted' }, 'empty body'));
  } else if (body.text !== undefined) {
    parts.push(textView(body.text, (body.contentType || '').toLowerCase(), marked));
  } else if (body.base64 !== undefined) {
    parts.push(hexView(body.base64));
  }
  return el('div', { class: 'body' }, parts);
}

function textView(text, type, marked) {
  if (type.includes('json')) {
    try {
      return jsonView(JSON.parse(text), text, marked);
    } catch (e) { /* not valid JSON (or cut short): show it as text */ }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const rows = [...new URLSearchParams(text)].map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v)));
    return el('table', { class: 'form' }, el('thead', {}, el('tr', {}, el('th', {}, 'key'), el('th', {}, 'value'))),
      el('tbody', {}, rows));
  }
  return el('pre', {}, text);
}

/**
 * JSON as a tree or as raw text (a toggle), with a copy button and a find box, in a box of bounded
 * height. The tree builds a level only when it is opened, so a large body costs a few nodes until
 * explored; small bodies open three levels, so the paths a finding names are in view. A find marks
 * the keys and values that contain the text (whatever the case) and opens the levels above them.
 */
function jsonView(value, text, marked) {
  const open = text.length > 16384 ? 1 : 3;
  const box = el('div', { class: 'json-box' });
  const view = hits => ({ open, marked, hits, above: ancestors([...marked, ...hits]) });
  const tree = el('div', { class: 'json' }, jsonTree(value, null, 0, view(new Set()), '$'));
  const raw = el('pre', { class: 'json-raw', hidden: true }, JSON.stringify(value, null, 2));
  const toggle = el('button', { type: 'button', class: 'json-toggle', onclick: () => {
    raw.hidden = !raw.hidden;
    tree.hidden = !raw.hidden;
    toggle.textContent = raw.hidden ? 'raw' : 'tree';
  } }, 'raw');
  const copy = el('button', { type: 'button', class: 'json-copy', onclick: async () => {
    try { await navigator.clipboard.writeText(text); copy.textContent = 'copied ✓'; } catch (e) { copy.textContent = 'cannot copy here'; }
    setTimeout(() => { copy.textContent = 'copy'; }, 2500);
  } }, 'copy');
  const count = el('span', { class: 'json-found muted' });
  let next = 0;
  let typing = null;
  const find = el('input', { type: 'search', class: 'json-find', placeholder: 'find in JSON', 'aria-label': 'find in JSON',
    oninput: () => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        const term = find.value.trim().toLowerCase();
        const hits = term ? findPaths(value, term) : [];
        tree.replaceChildren(jsonTree(value, null, 0, view(new Set(hits)), '$'));
        raw.hidden = true;
        tree.hidden = false;
        toggle.textContent = 'raw';
        count.textContent = term ? `${hits.length}${hits.length === MAX_HITS ? '+' : ''} found` : '';
        next = 0;
      }, 200);
    },
    onkeydown: e => { // Enter: the next match, in view
      if (e.key !== 'Enter') return;
      e.preventDefault();
      const found = tree.querySelectorAll('.hit');
      if (!found.length) return;
      found[next % found.length].scrollIntoView({ block: 'nearest' });
      next++;
    } });
  box.append(el('p', { class: 'json-tools' }, toggle, ' ', copy, ' ', find, ' ', count), tree, raw);
  return box;
}

const PAGE = 100;
const MAX_HITS = 200;

/** The paths whose key or (primitive) value contains {@code term}, in document order, at most MAX_HITS. */
function findPaths(value, term, path = '$', out = []) {
  if (value === null || typeof value !== 'object') return out;
  const array = Array.isArray(value);
  for (const [k, v] of array ? value.map((x, i) => [i, x]) : Object.entries(value)) {
    if (out.length >= MAX_HITS) break;
    const p = array ? `${path}[${k}]` : `${path}.${k}`;
    const leaf = v === null || typeof v !== 'object';
    if ((!array && k.toLowerCase().includes(term)) || (leaf && JSON.stringify(v).toLowerCase().includes(term))) out.push(p);
    findPaths(v, term, p, out);
  }
  return out;
}

/** Every path above a marked one ($.a and $ for $.a.b): those levels open by themselves. */
function ancestors(marked) {
  const above = new Set();
  for (const path of marked) {
    for (let i = path.length - 1; i > 0; i--) if (path[i] === '.' || path[i] === '[') above.add(path.slice(0, i));
  }
  return above;
}

function jsonTree(value, key, depth, view, path) {
  const label = key === null ? [] : [el('span', { class: 'json-key' }, `${key}: `)];
  const mark = view.marked.has(path) ? 'differs' : view.hits.has(path) ? 'hit' : null;
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    if (entries.length === 0) return el('div', { class: mark }, label, Array.isArray(value) ? '[]' : '{}');
    const brackets = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    const node = el('details', { class: mark }, el('summary', {}, label, brackets));
    const child = k => (Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`);
    let built = false;
    // A level shows its entries a hundred at a time: a long array costs nodes only as it is read.
    const more = (from, count) => {
      const shown = entries.slice(from, from + count).map(([k, v]) => jsonTree(v, k, depth + 1, view, child(k)));
      node.append(...shown);
      if (from + count < entries.length) {
        const rest = entries.length - from - count;
        const button = el('button', { type: 'button', class: 'json-more', onclick: () => { button.remove(); more(from + count, PAGE); } },
          `show ${Math.min(PAGE, rest)} more of ${rest}`);
        node.append(button);
      }
    };
    const build = () => {
      if (built) return;
      built = true;
      // Down to the last entry that is marked or found (or holds one), however far down the list.
      const wanted = (([k]) => view.above.has(child(k)) || view.marked.has(child(k)) || view.hits.has(child(k)));
      let last = -1;
      entries.forEach((e, i) => { if (wanted(e)) last = i; });
      more(0, Math.max(PAGE, last + 1));
    };
    node.addEventListener('toggle', () => { if (node.open) build(); });
    if (depth < view.open || view.above.has(path)) { build(); node.open = true; }
    return node;
  }
  return el('div', { class: mark }, label, JSON.stringify(value));
}

function hexView(base64) {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const lines = [];
  for (let i = 0; i < Math.min(bytes.length, 256); i += 16) {
    const row = [...bytes.slice(i, i + 16)];
    lines.push(i.toString(16).padStart(6, '0') + '  ' + row.map(b => b.toString(16).padStart(2, '0')).join(' ').padEnd(48)
      + ' ' + row.map(b => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join(''));
  }
  return el('div', {}, el('p', { class: 'muted' }, `binary, ${bytes.length} bytes stored` + (bytes.length > 256 ? ' (first 256 shown)' : '')),
    el('pre', {}, lines.join('\n')));
}

// A shell command that sends the same request again, through twice's own proxy port (never to a
// host named by the recorded Host header): every element single-quoted, --data-raw so a body
// starting with @ is not read as a file name, --globoff so [] and {} in the URL are not patterns;
// redacted and hop-by-hop headers left out, and said so (docs/security.md, "Commands twice writes").
/**
 * The request as a curl command sent to twice's own proxy port (never the recorded Host). Redacted
 * headers become variables to fill in, a body whose secrets were masked says so, a compressed body
 * is sent decoded (without its Content-Encoding), and a binary one byte for byte through printf.
 */
export function curlOf(exchange, origin) {
  const q = s => `'${String(s).replace(/'/g, `'\\''`)}'`;
  const skip = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'expect']);
  const body = exchange.request.body;
  const decoded = body.size > 0 && body.text !== undefined && !!body.contentEncoding;
  const args = ['curl', '--globoff', '-X', q(exchange.method), q(origin + exchange.url)];
  const notes = [];
  for (const [name, value] of exchange.request.headers) {
    const lower = name.toLowerCase();
    if (skip.has(lower) || (decoded && lower === 'content-encoding')) continue;
    if (value === '[redacted]') {
      const v = 'TWICE_HEADER_' + name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
      args.push('-H', `"${name.replace(/[^A-Za-z0-9-]/g, '')}: $${v}"`);
      notes.push(`# ${v}: the ${name.replace(/[^A-Za-z0-9-]/g, '')} header was redacted when recorded; set it before running`);
      continue;
    }
    args.push('-H', q(`${name}: ${value}`));
  }
  let printf = null;
  if (body.size > 0 && body.truncated) {
    notes.push(`# body not included: only ${body.stored} of ${body.size} bytes were kept`);
  } else if (body.size > 0 && body.text !== undefined) {
    args.push('--data-raw', q(body.text));
    if (decoded) notes.push(`# body sent decoded: it was recorded ${body.contentEncoding}-encoded`);
  } else if (body.size > 0) {
    const bytes = atob(body.base64);
    let fmt = '';
    for (let i = 0; i < bytes.length; i++) fmt += '\\' + bytes.charCodeAt(i).toString(8).padStart(3, '0');
    printf = `printf '${fmt}' | `;
    args.push('--data-binary', '@-');
  }
  if (body.masked) notes.push('# secret fields were masked when recorded: the body has **** where their values were');
  return (notes.length ? notes.join('\n') + '\n' : '') + (printf || '') + args.join(' ');
}

// The traffic list as a window (docs/dashboard.md, "The live list"): every loaded summary is kept
// in memory (at most MAX_ITEMS), but only the rows in and near the view are in the DOM, between two
// spacer rows that stand for the rest. Rows are one line each, so one row's height places them all.
import { el } from './dom.js';

/** Summaries held; past it the oldest go, and "Load older" brings them back. */
export const MAX_ITEMS = 5000;
/** Rows rendered beyond each edge of the view: keyboard moves and short scrolls need no render. */
const OVERSCAN = 40;

let body = null;
let makeRow = () => null;
let items = []; // newest first
const byId = new Map();
let from = 0;
let to = 0;
let rowHeight = 0;
// Cell-less rows: a cell spanning the columns would take part in the fixed table layout's widths.
const top = el('tr', { class: 'spacer', 'aria-hidden': 'true' });
const bottom = el('tr', { class: 'spacer', 'aria-hidden': 'true' });

/** {@code row} makes a summary's row; the window follows the page's scrolling and size. */
export function initList(tbody, row) {
  body = tbody;
  makeRow = row;
  body.append(top, bottom);
  let frame = null;
  const later = () => { if (!frame) frame = requestAnimationFrame(() => { frame = null; render(false); }); };
  window.addEventListener('scroll', later, { passive: true });
  window.addEventListener('resize', later);
}

export const size = () => items.length;
export const has = id => byId.has(Number(id));
export const oldest = () => items[items.length - 1];

/** The whole list anew (a reload or a new filter). */
export function replace(list) {
  items = [];
  byId.clear();
  add(list, false);
  render(true);
}

/** Older summaries at the end ("Load older"). */
export function append(list) {
  add(list, false);
  render(true);
}

/**
 * Newer summaries at the top (live), without touching the rows already there: the rows in view
 * stay where they are, kept by the browser's scroll anchoring — new rows go in above them, or,
 * for a reader far down the list, only grow the top spacer.
 * @return how many were dropped at the end to stay within MAX_ITEMS
 */
export function prepend(list) {
  const before = items.length;
  const dropped = add(list, true);
  const n = items.length - before + dropped;
  if (n === 0 || !body) return dropped;
  if (from > 0) {
    from += n;
    to += n;
  } else {
    const rows = document.createDocumentFragment();
    for (let i = 0; i < n; i++) rows.append(makeRow(items[i]));
    top.after(rows);
    to += n;
    // The window keeps its size: rows pushed far below the view leave the DOM.
    const [, b] = wanted();
    while (to > b + OVERSCAN / 2) {
      bottom.previousElementSibling.remove();
      to--;
    }
  }
  // Rows of summaries dropped at the end leave the window too.
  while (to > items.length) {
    bottom.previousElementSibling.remove();
    to--;
  }
  from = Math.min(from, to);
  spacers();
  return dropped;
}

/** Changes a summary in place (a new finding mark) and its row, when it is rendered. */
export function update(id, change) {
  const s = byId.get(Number(id));
  if (!s) return;
  change(s);
  const tr = body.querySelector(`tr[data-id="${Number(id)}"]`);
  if (tr) tr.replaceWith(makeRow(s));
}

function add(list, atTop) {
  const fresh = list.filter(s => !byId.has(Number(s.id)));
  fresh.forEach(s => byId.set(Number(s.id), s));
  items = atTop ? [...fresh, ...items] : [...items, ...fresh];
  let dropped = 0;
  while (items.length > MAX_ITEMS) {
    byId.delete(Number(items.pop().id));
    dropped++;
  }
  return dropped;
}

/** The slice in and near the view: from the spacer's place on screen and one row's height. */
function wanted() {
  const h = rowHeight || 26;
  const above = Math.max(0, -top.getBoundingClientRect().top); // px of the list above the view
  const first = Math.min(items.length, Math.floor(above / h));
  const count = Math.ceil(window.innerHeight / h) + 1;
  return [Math.max(0, first - OVERSCAN), Math.min(items.length, first + count + OVERSCAN)];
}

function render(force) {
  if (!body) return;
  const [a, b] = wanted();
  // Within the overscan the rows already there do: no work while a reader scrolls a little.
  if (!force && a >= from && b <= to && (a - from < OVERSCAN / 2 || from === 0) && (to - b < OVERSCAN / 2 || to === items.length)) return;
  const focused = document.activeElement?.closest?.('#traffic tr[data-id]')?.dataset.id;
  while (top.nextElementSibling && top.nextElementSibling !== bottom) top.nextElementSibling.remove();
  const rows = document.createDocumentFragment();
  for (let i = a; i < b; i++) rows.append(makeRow(items[i]));
  bottom.before(rows);
  from = a;
  to = b;
  if (!rowHeight && b > a) rowHeight = top.nextElementSibling.getBoundingClientRect().height || 26;
  spacers();
  if (focused) body.querySelector(`tr[data-id="${focused}"]`)?.focus({ preventScroll: true });
}

function spacers() {
  top.style.height = `${from * (rowHeight || 26)}px`;
  bottom.style.height = `${(items.length - to) * (rowHeight || 26)}px`;
}

// Moving around without a mouse, and links to what is open (docs: README "The dashboard").
//   j / ↓  next     k / ↑  previous     Home / End  first / last     Enter  open     Esc  back to the list
// Moving also opens what it lands on; the findings run on into the traffic and back.
// #/exchange/ID and #/finding/ID open an exchange or a finding; back and forward follow them.

/** The focusable items in reading order: findings, then traffic rows. */
function items() {
  return [...document.querySelectorAll('#findings li, #traffic tbody tr[data-id]')];
}

export function keys(e, node, open) {
  const all = items();
  const at = all.indexOf(node);
  let to = null;
  if (e.key === 'Enter') { open(); return; }
  if (e.key === 'j' || e.key === 'ArrowDown') to = all[at + 1];
  else if (e.key === 'k' || e.key === 'ArrowUp') to = all[at - 1];
  else if (e.key === 'Home') to = all[0];
  else if (e.key === 'End') {
    // The list's window renders its last rows once they are in view: go there, then to the last.
    e.preventDefault();
    window.scrollTo(0, document.documentElement.scrollHeight);
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const last = items().pop();
      last?.focus();
      last?.click();
    }));
    return;
  }
  else if (e.key === 'Escape') { leave(); return; }
  else return;
  e.preventDefault();
  if (to) {
    to.focus();
    to.click(); // moving shows what it lands on
  }
}

let opened = null;
// What the detail says when nothing is open: put back on leaving, so the page is as tall as it was.
const placeholder = [...document.getElementById('detail').childNodes].map(n => n.cloneNode(true));
let coveredAt = null;

/** On a narrow screen the detail covers the list: where the list was scrolled to is kept for Back. */
export function cover() {
  if (!document.body.classList.contains('detail-open')) coveredAt = window.scrollY;
  document.body.classList.add('detail-open');
}

/** Esc (or Back on a phone): the detail closes and focus goes back to the item that opened it, where it was. */
export function leave() {
  const detail = document.getElementById('detail');
  detail.replaceChildren(...placeholder.map(n => n.cloneNode(true)));
  document.body.classList.remove('detail-open');
  if (coveredAt !== null) window.scrollTo(0, coveredAt);
  coveredAt = null;
  history.replaceState(null, '', location.pathname + location.search);
  document.querySelectorAll('.selected').forEach(n => n.classList.remove('selected'));
  // The list's window may have rendered the row again meanwhile: the same exchange's row, then.
  const again = opened && !document.contains(opened) && opened.dataset.id
    ? document.querySelector(`#traffic tr[data-id="${Number(opened.dataset.id)}"]`) : null;
  if (again) opened = again;
  if (opened && document.contains(opened)) opened.focus({ preventScroll: true });
}

/** Called when something opens: remembers it for Esc, and puts it in the address. */
export function opening(kind, id, node) {
  opened = node || opened;
  const hash = `#/${kind}/${id}`;
  if (location.hash !== hash) history.pushState(null, '', hash);
}

/** Opens what the address names, now and on back/forward. */
export function follow(open) {
  const go = () => {
    const m = /^#\/(exchange|finding)\/(\d+)$/.exec(location.hash);
    if (m) open(m[1], Number(m[2]));
    const d = /^#\/diff\/(\d+)\/(\d+)$/.exec(location.hash);
    if (d) open('diff', [Number(d[1]), Number(d[2])]);
  };
  window.addEventListener('popstate', go);
  go();
}

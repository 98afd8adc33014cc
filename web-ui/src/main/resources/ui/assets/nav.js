// Moving around without a mouse, and links to what is open (docs: README "The dashboard").
//   j / ↓  next     k / ↑  previous     Home / End  first / last     Enter  open     Esc  back to the list
// Moving also opens what it lands on; the findings run on into the traffic and back.
// #/exchange/ID and #/finding/ID open an exchange or a finding; back and forward follow them.

/** The focusable items in reading order: findings, then traffic rows. */
function items() {
  return [...document.querySelectorAll('#findings li, #traffic tbody tr')];
}

export function keys(e, node, open) {
  const all = items();
  const at = all.indexOf(node);
  let to = null;
  if (e.key === 'Enter') { open(); return; }
  if (e.key === 'j' || e.key === 'ArrowDown') to = all[at + 1];
  else if (e.key === 'k' || e.key === 'ArrowUp') to = all[at - 1];
  else if (e.key === 'Home') to = all[0];
  else if (e.key === 'End') to = all[all.length - 1];
  else if (e.key === 'Escape') { leave(); return; }
  else return;
  e.preventDefault();
  if (to) {
    to.focus();
    to.click(); // moving shows what it lands on
  }
}

let opened = null;
/** Esc: the detail closes and focus goes back to the item that opened it. */
function leave() {
  const detail = document.getElementById('detail');
  detail.replaceChildren();
  history.replaceState(null, '', location.pathname + location.search);
  document.querySelectorAll('.selected').forEach(n => n.classList.remove('selected'));
  if (opened && document.contains(opened)) opened.focus();
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
  };
  window.addEventListener('popstate', go);
  go();
}

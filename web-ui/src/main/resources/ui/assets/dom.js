// Every recorded value is attacker-controlled: it only ever reaches the page as text.
// el() builds elements; strings become text nodes, never HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : visible(String(c)));
  }
  return node;
}

// Control and bidi characters are shown, not obeyed (docs/reliability.md I76).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
export function visible(text) {
  if (!CONTROL.test(text)) return document.createTextNode(text);
  CONTROL.lastIndex = 0;
  const span = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(CONTROL)) {
    span.append(document.createTextNode(text.slice(last, m.index)));
    span.append(el('span', { class: 'ctl' }, '\\u' + m[0].charCodeAt(0).toString(16).padStart(4, '0')));
    last = m.index + 1;
  }
  span.append(document.createTextNode(text.slice(last)));
  return span;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

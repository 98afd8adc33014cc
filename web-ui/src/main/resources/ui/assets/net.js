// The page's one way to read the API, and its shared state.
export const $ = id => document.getElementById(id);

export const state = { next: null, findings: [], exchanges: 0, fleet: false, compareWith: null, selected: null };

export async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.status);
  return body;
}

/** A state-changing request: JSON in and out, as the API's guard requires. */
export async function postJson(path, value, method = 'POST') {
  const r = await fetch(path, { method, credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(value) });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.status);
  return body;
}

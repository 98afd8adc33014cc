// The page's one way to read the API, and its shared state.
export const $ = id => document.getElementById(id);

export const state = { next: null, findings: [], exchanges: 0, fleet: false };

export async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.status);
  return body;
}

// Clearing the store (docs/dashboard.md, "Clearing the store"): asked first, confirmed in the
// request's body, and every page open on this twice lists again when it is done.
import { $, postJson, state } from './net.js';

/** {@code reload} lists findings and traffic again; it runs here and on every page's `cleared` event. */
export function initClear(reload) {
  $('clear').addEventListener('click', async () => {
    const what = state.fleet ? 'every instance\'s recorded exchanges and findings in the shared store'
      : 'every recorded exchange and finding in this store';
    if (!window.confirm(`Delete ${what}? Recording goes on; this cannot be undone.`)) return;
    const button = $('clear');
    button.disabled = true;
    try {
      const done = await postJson('/api/exchanges', { confirm: true }, 'DELETE');
      button.textContent = `Cleared ${done.cleared}`;
      await reload();
    } catch (e) {
      button.textContent = 'Clear failed: ' + e.message;
    } finally {
      button.disabled = false;
      setTimeout(() => { button.textContent = 'Clear…'; }, 3000);
    }
  });
}

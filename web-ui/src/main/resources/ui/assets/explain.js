// What each rule means for someone who has to fix the server: what happened, why it matters, how
// servers usually fix it, and the standard's sections as links (docs/analysis.md has the rules).
import { el } from './dom.js';

const RFC = 'https://www.rfc-editor.org/rfc/rfc9110';
const DRAFT = 'https://datatracker.ietf.org/doc/html/draft-ietf-httpapi-idempotency-key-header';
const PUT_IDEMPOTENT = [['RFC 9110 §9.2.2 (idempotent methods)', `${RFC}#section-9.2.2`], ['§9.3.4 (PUT)', `${RFC}#section-9.3.4`]];

export const RULES = {
  'put-duplicate-create': {
    short: 'Repeating a PUT must not create the resource again: PUT is idempotent.',
    happened: 'The same PUT (same URL, same body) was answered 201 Created more than once, or with different Location headers: each repeat created something new.',
    matters: 'Clients, proxies and SDKs retry a PUT after a timeout because the standard says doing so is safe. A server that creates on every repeat turns one intent into several resources.',
    fix: 'Treat PUT as "create or replace at this URL": look the resource up by the id in the URL, answer 201 only when it did not exist and 200/204 when it was replaced, and never mint a new id for a PUT.',
    links: PUT_IDEMPOTENT,
  },
  'put-divergent-response': {
    short: 'Repeating a PUT with the same body should give the same response.',
    happened: 'A repeat of the same PUT got a different status or body (volatile fields such as timestamps ignored). 201 then 200/204, and 200 vs 204, are allowed and not reported.',
    matters: 'A retried PUT must leave the client where the first one did. A different answer usually means the server changed its state again: a counter, a version, an appended item.',
    fix: 'Compute the new state from the request body alone and replace the old one; bump versions or append history only when the content actually changed.',
    links: PUT_IDEMPOTENT,
  },
  'post-duplicate': {
    short: 'The same POST twice without an Idempotency-Key may have created two resources.',
    happened: 'Two identical POSTs (same URL and body) without an Idempotency-Key, within 60 s, were both answered 2xx — with two different resources when both were 201 with different Location or id.',
    matters: 'POST is not idempotent: a client that retries after a lost response creates a second order, payment or message unless the server can recognise the retry.',
    fix: 'Accept an Idempotency-Key header and store the first response per key, replaying it for retries; or deduplicate on a natural key from the client (an order reference) under a unique constraint and return the existing resource.',
    links: [['RFC 9110 §9.3.3 (POST)', `${RFC}#section-9.3.3`], ['Idempotency-Key draft §2', `${DRAFT}#section-2`]],
  },
  'idempotency-key-mismatch': {
    short: 'A retry with the same Idempotency-Key must get the first response again.',
    happened: 'Requests with the same Idempotency-Key, URL and body got different responses (a 409 while the first was still in flight is allowed).',
    matters: 'The key exists so that a retry is answered with the result of the first attempt. A server that executes the request again, or answers differently, gives the client no safety at all.',
    fix: 'Store the first response (status, body, the headers that matter) per key, atomically with its effect, and replay it for every retry; answer 409 while the first is still being processed.',
    links: [['Idempotency-Key draft §2.6', `${DRAFT}#section-2.6`], ['§2.2', `${DRAFT}#section-2.2`]],
  },
  'idempotency-key-reuse': {
    short: 'An Idempotency-Key reused for a different request must be refused (422).',
    happened: 'The same Idempotency-Key came with a different URL or body and was answered 2xx.',
    matters: 'A key reused for another request is a client bug (a key made once per session, say). Answering it hides the bug: the client gets either the first request\'s result or a second effect it thinks is deduplicated.',
    fix: 'Store a fingerprint of the request (method, URL, body hash) with the key, and answer 422 Unprocessable Content when a key comes back with a different fingerprint.',
    links: [['Idempotency-Key draft §2.7', `${DRAFT}#section-2.7`]],
  },
  'put-divergent-state': {
    short: 'After a PUT and its repeat, GET must show the same representation.',
    happened: 'With GETs recorded, the resource read after a PUT differs from the one read after its repeat: the repeat changed it again.',
    matters: 'Idempotency is about the effect, not only the answer: even with identical responses, state that moves on every repeat breaks any client that retries.',
    fix: 'Make the PUT a replacement of the state by the request\'s representation; counters, appended history and similar side effects must not run on every call.',
    links: PUT_IDEMPOTENT,
  },
};

const link = ([text, href]) => el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text);

/** The card for {@code rule}: what happened, why it matters, how servers fix it, the standard. */
export function explainCard(rule) {
  const r = RULES[rule];
  if (!r) return null;
  return el('dl', { class: 'explain' },
    el('dt', {}, 'What happened'), el('dd', {}, r.happened),
    el('dt', {}, 'Why it matters'), el('dd', {}, r.matters),
    el('dt', {}, 'How servers fix it'), el('dd', {}, r.fix),
    el('dt', {}, 'Standard'), el('dd', {}, r.links.flatMap((l, i) => (i ? [' · ', link(l)] : [link(l)]))));
}

/** Said once, under the findings' title. */
export function severityNote() {
  return el('details', { class: 'severity-note' }, el('summary', {}, 'violation or warning?'),
    el('p', {}, el('strong', { class: 'violation' }, 'violation'), ': the traffic breaks what the standard requires (a MUST), and the evidence shows it. ',
      el('strong', { class: 'warning' }, 'warning'), ': allowed by the letter of the standard, or not conclusive from the traffic alone, but usually a bug worth a look.'));
}

// policy.js: the city's policy numbers (GET /api/v1/policy, data/city_params.csv as the server
// reads it) — the reminder windows, the attachment limit, the ranking cut.  A page never writes
// one of its own (tests/static/test_policy_literals.sh); it awaits loadPolicy() before rendering
// and reads policyNow() where it is synchronous.

import * as api from './api.js';

let current = null;
let pending = null;

export async function loadPolicy() {
  if (current) return current;
  if (!pending) pending = api.get('/policy').then((p) => (current = p)).finally(() => { pending = null; });
  return pending;
}

// The numbers loaded by loadPolicy(); null before.
export function policyNow() {
  return current;
}

// policy.js: the city's policy numbers (GET /api/v1/policy, data/city_params.csv as the server
// reads it) — the reminder windows, the attachment limit, the ranking cut.  A page never writes
// one of its own (tests/static/test_policy_literals.sh); it awaits loadPolicy() before rendering
// and reads policyNow() where it is synchronous.  The frame loads them after login for the
// accounts that may read them (main.js), and i18n.js fills the labels' {pol_*} placeholders.

import * as api from './api.js';
import { setPolicy } from './i18n.js';

let current = null;
let pending = null;

export async function loadPolicy() {
  if (current) return current;
  if (!pending) pending = api.get('/policy').then((p) => {
    setPolicy(p);
    return (current = p);
  }).finally(() => { pending = null; });
  return pending;
}

// The numbers loaded by loadPolicy(); null before.
export function policyNow() {
  return current;
}

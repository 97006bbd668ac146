// links.js: the one way a page links to an enterprise's page (#/enterprises/<id or USCC>; the
// server takes either), so the route is written once.

import { href } from './router.js';
import { h } from './ui.js';

export function enterpriseHref(id) {
  return href('/enterprises/' + id);
}

// The link: label (the name, or "view"), as element sel ('a', 'a.btn.btn-sm') with attrs besides href.
export function enterpriseLink(id, label, sel = 'a', attrs = {}) {
  return h(sel, { href: enterpriseHref(id), ...attrs }, label);
}

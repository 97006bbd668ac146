// 双控监测: the district barometer and the intensity ranking with the worst 20 % marked.

import * as api from '../api.js';
import { getLang, t } from '../i18n.js';
import { href, setQuery } from '../router.js';
import { enterpriseLink } from '../links.js';
import { clear, confidenceTag, fill, errorBox, h, intensity, isNum, levelTag, loading, num, pageHead, pager, pct, section, select, table, tag, tce, wanTce, yearOptions } from '../ui.js';
import { districtName } from '../lookups.js';

export async function render(ctx) {
  const q = ctx.query;
  const year = q.year || '';
  const yearSel = select([{ value: '', label: t('c.latest') }, ...yearOptions()], year, {
    id: 'dc-year',
    'data-testid': 'dc-year',
    onchange: (e) => setQuery({ year: e.target.value }),
  });
  const baroBox = h('div', loading());
  const rankBox = h('div', loading());
  fill(ctx.root, 
    pageHead(t('dc.title'), h('label.inline', { for: 'dc-year' }, t('c.year')), yearSel, h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))),
    section(t('dc.barometer'), baroBox),
    h('section.panel#ranking', h('h2.panel-title', t('dc.ranking')), h('div.panel-body', rankBox)),
  );
  const [baro, rank] = await Promise.allSettled([
    api.get('/barometer', { year: year || undefined }),
    // worst 20 % only: they are the first n_worst20 ranks; one page of up to 500
    q.min !== undefined && q.min !== ''
      ? rankingInRange(year, Number(q.min), isNum(q.max) ? Number(q.max) : Infinity)
      : api.get('/ranking', { year: year || undefined, page: q.worst ? 1 : q.page || 1, per_page: q.worst ? 500 : q.per_page || 50 }),
  ]);
  if (!ctx.isCurrent()) return;
  if (baro.status === 'fulfilled') {
    clear(baroBox).appendChild(
      table(
        [
          { key: 'district_name', label: t('c.district'), render: (r) => h('a', { href: href('/enterprises', { district: r.district_code }) }, r.district_name || districtName(r.district_code)) },
          { key: 'warning_level', label: t('dc.level'), note: t('dc.note_warning'), render: (r) => levelTag(r.warning_level || r.level) },
          { key: 'intensity_level', label: t('dc.intensity_level'), render: (r) => levelTag(r.intensity_level || r.level) },
          { key: 'total_level', label: t('dc.total_level'), render: (r) => levelTag(r.total_level) },
          { key: 'energy_tce', label: t('dc.energy'), align: 'num', render: (r) => wanTce(r.energy_tce) },
          { key: 'energy_cap_tce', label: t('dc.cap'), align: 'num', render: (r) => wanTce(r.energy_cap_tce) },
          { key: 'intensity_reduction_pct', label: t('dc.reduction'), align: 'num', render: (r) => pct(r.intensity_reduction_pct) },
          { key: 'intensity_target_pct', label: t('dc.target'), align: 'num', render: (r) => pct(r.intensity_target_pct) },
          { key: 'progress_pct', label: t('dc.progress'), align: 'num', render: (r) => pct(r.progress_pct) },
        ],
        baro.value.items || [],
        { testid: 'barometer-table', rowAttrs: (r) => ({ class: 'lv-row-' + (r.warning_level || r.level), 'data-district': r.district_code }) },
      ),
    );
  } else clear(baroBox).appendChild(errorBox(baro.reason));

  if (rank.status === 'fulfilled') {
    const r = rank.value;
    const lo = isNum(q.min) ? Number(q.min) : null;
    const hi = isNum(q.max) ? Number(q.max) : lo !== null ? Infinity : null;
    let items = r.items || [];
    if (q.worst) items = items.filter((x) => x.worst20);
    const ranged = !!r.ranged;
    const perPage = Number(q.per_page) || 50;
    const sum = r.summary || {};
    const cut = (sum.worst_cut || {}).value; // the city's share (intensity_worst_pct), from the API
    const left = (sum.excluded_by_reason || []).filter((b) => b.count > 0);
    const loss = sum.loss_making || {};
    fill(rankBox, 
      // who was left out of the ranking and why: the legal policy ranks no one on a missing figure
      h(
        'div.note',
        { 'data-testid': 'rank-excluded' },
        t('dc.excluded', { n: num(sum.excluded || 0) }),
        left.length ? '（' + left.map((b) => (getLang() === 'en' ? b.label_en : b.label_zh) + ' ' + num(b.count)).join('，') + '）' : '',
        ' ',
        sum.excluded ? h('a', { href: '#/data-gaps', 'data-testid': 'rank-gaps-link' }, t('dc.to_gaps') + ' ›') : null,
        ' ',
        h('span.small.muted', { 'data-testid': 'rank-loss-param' }, t('dc.loss_param', { v: t('dc.loss.' + (loss.value || 'review')), d: loss.effective_from || '—' })),
        loss.confidence === 'low' ? confidenceTag('low', t('dc.loss_src')) : null,
      ),
      (r.excluded || []).length
        ? h(
            'details',
            { 'data-testid': 'rank-excluded-list' },
            h('summary', t('dc.excluded_list', { n: num(r.excluded.length) })),
            table(
              [
                { key: 'name', label: t('c.enterprise_name'), render: (x) => [enterpriseLink(x.uscc, x.name || x.uscc), ' ', h('span.mono.small', x.uscc)] },
                { key: 'district_code', label: t('c.district'), render: (x) => districtName(x.district_code) },
                { key: 'reason', label: t('dc.reason'), render: (x) => tag(getLang() === 'en' ? x.label_en : x.label_zh, x.reason === 'loss_review' ? 'orange' : 'gray', { 'data-reason': x.reason }) },
              ],
              r.excluded,
              { testid: 'excluded-table' },
            ),
          )
        : null,
      h(
        'div.note',
        t('dc.cut_line', { v: intensity(r.cut_line_intensity), n: num(r.n_ranked), w: num(r.n_worst20), p: cut }),
        lo !== null ? h('span.tag.tag-blue', { 'data-testid': 'range-tag' }, t('dc.range', { a: intensity(lo), b: hi === Infinity ? '∞' : intensity(hi) })) : null,
        lo !== null ? h('a', { href: href('/dual-control', { year, tab: 'ranking' }) }, t('c.reset')) : null,
        ' ',
        h(
          'label.inline-check',
          h('input', { type: 'checkbox', checked: !!q.worst, 'data-testid': 'worst-only', onchange: (e) => setQuery({ worst: e.target.checked ? '1' : '' }) }),
          t('dc.worst_only', { p: cut }),
        ),
      ),
      table(
        [
          { key: 'rank', label: t('dc.rank'), align: 'num', note: t('dc.note_rank') },
          { key: 'uscc', label: t('c.uscc'), render: (x) => h('span.mono', x.uscc) },
          { key: 'name', label: t('c.enterprise_name'), render: (x) => enterpriseLink(x.uscc, x.name || x.uscc) },
          { key: 'district_code', label: t('c.district'), render: (x) => districtName(x.district_code) },
          {
            key: 'intensity',
            label: t('en.intensity'),
            align: 'num',
            note: t('dc.note_intensity'),
            render: (x) =>
              x.intensity !== null && x.intensity !== undefined
                ? intensity(x.intensity)
                : // only a loss-making firm the city ranks worst is ranked without an intensity
                  h('span.small', { 'data-testid': 'rank-reason' }, x.rank_reason === 'loss_ranked_worst' ? t('dc.loss_ranked_worst') : t('dc.va_negative')),
          },
          { key: 'tce', label: t('en.tce'), align: 'num', note: t('dc.note_tce'), render: (x) => tce(x.tce) },
          { key: 'value_added_wan', label: t('en.value_added'), align: 'num', note: t('dc.note_va'), render: (x) => num(x.value_added_wan, 2) },
          { key: 'worst20', label: t('dc.worst20'), align: 'center', note: t('dc.note_worst20', { p: cut }), render: (x) => [x.worst20 ? tag(t('dc.worst20'), 'red') : '', ' ', x.confidence === 'low' ? confidenceTag(x.confidence, x.source || t('dc.low_conf_src')) : null] },
        ],
        items,
        {
          testid: 'ranking-table',
          rowAttrs: (x) => ({
            class: x.worst20 ? 'row-worst' : '',
          }),
        },
      ),
      q.worst || ranged ? null : pager({
        total: q.worst ? r.n_worst20 || items.length : r.total ?? r.n_ranked ?? items.length,
        page: Number(q.page) || 1,
        perPage: [20, 50, 100].includes(perPage) ? perPage : 50,
        onPage: (p) => setQuery({ page: p }, { keepPage: true }),
        onPerPage: (n) => setQuery({ per_page: n }),
      }),
    );
    if (q.tab === 'ranking') document.getElementById('ranking').scrollIntoView();
  } else clear(rankBox).appendChild(errorBox(rank.reason));
}

// The rows of one histogram bin: every page of the ranking (at most 20 000 rows), kept when the
// intensity is in [lo, hi).
async function rankingInRange(year, lo, hi) {
  let page = 1;
  let first = null;
  const rows = [];
  for (;;) {
    const r = await api.get('/ranking', { year: year || undefined, page, per_page: 500 });
    if (!first) first = r;
    const items = r.items || [];
    for (const x of items) if (x.intensity !== null && x.intensity !== undefined && x.intensity >= lo && x.intensity < hi) rows.push(x);
    if (!items.length || page * 500 >= (r.total || 0) || page >= 40) break;
    page++;
  }
  return Object.assign({}, first, { items: rows, total: rows.length, ranged: true });
}

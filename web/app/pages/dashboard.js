// 首页（驾驶舱）: district barometer, city totals, intensity distribution with the 20 % cut
// line, capacity exited by year and industry, cases by state, due within 7 days and overdue.
// Every chart clicks through to the list behind it.

import * as api from '../api.js';
import { pick, t, tv } from '../i18n.js';
import { go, href } from '../router.js';
import { chartBox, FONT } from '../charts.js';
import { capUnit, normCap, confidenceTag, fill, deadline, h, intensity, isNum, levelTag, num, pageHead, pct, select, table, wanTce, yearOptions } from '../ui.js';
import { districtName } from '../lookups.js';

export async function render(ctx) {
  const q = ctx.query;
  const data = await api.get('/dashboard', { year: q.year });
  if (!ctx.isCurrent()) return;
  const year = data.year || q.year;
  const yearSel = select(yearOptions(2019, Math.max(new Date().getFullYear(), Number(year) || 0)), year, {
    id: 'dash-year',
    'data-testid': 'dash-year',
    onchange: (e) => go('/dashboard', { year: e.target.value }),
  });
  const head = pageHead(
    t('db.title'),
    h('label.inline', { for: 'dash-year' }, t('db.year')),
    yearSel,
    h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print')),
  );

  const city = data.city || {};
  const stat = (label, value, unit, link, testid, sub) =>
    h(
      'a.stat',
      { href: link, 'data-testid': testid },
      h('div.stat-label', label),
      h('div.stat-value', value, h('span.stat-unit', unit)),
      sub ? h('div.stat-sub', sub) : null,
    );
  // the city's own barometer row: totals against the targets
  const cityRow = (data.barometer || []).find((b) => b.area_level === 'city' || (city.district_code && b.district_code === city.district_code));
  // a district officer's totals are the district's, named as such (not 全市合计)
  const ownDistrict = cityRow && cityRow.area_level === 'district';
  const totalsTitle = ownDistrict ? t('db.district_totals', { d: cityRow.district_name || districtName(cityRow.district_code) }) : t('db.city');
  const totals = h(
    'section.panel.totals',
    { 'aria-labelledby': 'totals-h' },
    h('h2.panel-title#totals-h', totalsTitle + '（' + year + '）'),
    h(
      'div.stats',
      stat(
        t('db.energy_total'),
        wanTce(city.energy_tce),
        t('u.wan_tce'),
        href('/energy', { year }),
        'stat-energy',
        cityRow && isNum(cityRow.energy_cap_tce) ? [t('db.vs_cap', { c: wanTce(cityRow.energy_cap_tce), p: pct(cityRow.cap_share_pct ?? (100 * city.energy_tce) / cityRow.energy_cap_tce) }), ' ', cityRow.total_level ? levelTag(cityRow.total_level) : null] : null,
      ),
      stat(t('db.co2_total'), isNum(city.co2_t) ? num(city.co2_t / 10000, 2) : '—', t('u.wan_t_co2'), href('/dual-control', { year }), 'stat-co2'),
      stat(t('db.value_added'), isNum(city.value_added_wan) ? num(city.value_added_wan / 10000, 2) : '—', t('u.yi_yuan'), href('/dual-control', { year }), 'stat-va'),
      stat(
        t('db.intensity'),
        intensity(city.intensity),
        t('u.intensity'),
        href('/dual-control', { year, tab: 'ranking' }),
        'stat-intensity',
        cityRow && isNum(cityRow.intensity_target_pct) ? [t('db.intensity_red', { a: pct(cityRow.intensity_reduction_pct), b: pct(cityRow.intensity_target_pct) }), ' ', cityRow.intensity_level ? levelTag(cityRow.intensity_level) : null] : null,
      ),
    ),
  );

  // barometer cards
  const cards = h('div.baro-cards', { 'data-testid': 'barometer' });
  // every district the user may see: a district officer's own card is there too
  const districtsBaro = (data.barometer || []).filter((b) => b.area_level === 'district');
  for (const b of districtsBaro) {
    const prog = Math.max(0, Math.min(100, Number(b.progress_pct) || 0));
    // the card's colour is the worse of the intensity and the total level (core/barometer.c)
    const warn = b.warning_level || b.level || b.total_level;
    cards.appendChild(
      h(
        'div.baro-card.baro-' + (warn || 'none'),
        {
          'data-district': b.district_code,
          'data-warning': warn || '',
          title: [t('db.warning_basis', { b: b.warning_basis ? tv('wb', b.warning_basis) : '—' }), pick(b, 'intensity_reason'), pick(b, 'total_reason')].filter(Boolean).join('；'),
        },
        h(
          'div.baro-head',
          h('a.baro-name', { href: href('/enterprises', { district: b.district_code }) }, b.district_name || districtName(b.district_code)),
          levelTag(warn),
        ),
        h('div.baro-line', { 'data-testid': 'baro-total' }, t('db.energy_vs_cap', { a: wanTce(b.energy_tce), b: wanTce(b.energy_cap_tce) }), ' ', h('span.small', t('db.total_level')), b.total_level ? levelTag(b.total_level) : h('span.muted.small', t('db.no_level'))),
        h('div.baro-line', { 'data-testid': 'baro-intensity' }, t('db.intensity_red', { a: pct(b.intensity_reduction_pct), b: pct(b.intensity_target_pct) }), ' ', h('span.small', t('db.intensity_level')), b.intensity_level ? levelTag(b.intensity_level) : h('span.muted.small', t('db.no_level'))),
        h(
          'div.progress',
          { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(prog), 'aria-label': t('db.progress', { p: pct(b.progress_pct) }) },
          h('div.progress-bar', { style: { width: prog + '%' } }),
        ),
        h('div.baro-foot', h('span', t('db.progress', { p: pct(b.progress_pct) })), h('a', { href: href('/dual-control', { year }) }, t('c.view') + ' ›')),
      ),
    );
  }
  if (!districtsBaro.length) cards.appendChild(h('p.muted', t('c.empty')));
  // policy figures of low confidence behind the barometer: a 待核实 tag with the source on hover
  const lowConf = ((data.policy && data.policy.low_confidence) || []).map((p) => confidenceTag('low', (p.name || '') + ' — ' + (p.source || '')));
  const baro = h('section.panel', h('h2.panel-title', t('db.barometer'), ...lowConf), h('div.panel-body', cards));

  // intensity histogram (custom bars on a value axis, so the cut line sits where it is)
  const hist = data.intensity_hist || { bins: [], cut_line: null };
  // the last bin may be open-ended (to: null): drawn one bin wide, labelled "≥ from"
  const bins = (hist.bins || []).map((b, i, all) => {
    const w = i > 0 ? all[i - 1].to - all[i - 1].from : 1;
    return { from: b.from, to: b.to === null || b.to === undefined ? b.from + w : b.to, open: b.to === null || b.to === undefined, count: b.count };
  });
  const cut = hist.cut_line;
  const undecided = hist.undefined || hist.undecided || 0;
  const histChart = chartBox(
    ctx,
    'chart-intensity',
    260,
    {
      grid: { left: 48, right: 24, top: 36, bottom: 40 },
      tooltip: {
        trigger: 'item',
        formatter: (p) =>
          (bins[p.dataIndex] && bins[p.dataIndex].open ? '≥ ' + intensity(p.value[0]) : intensity(p.value[0]) + ' – ' + intensity(p.value[1])) +
          ' ' + t('u.intensity') + '<br>' + t('db.hist_y') + '：' + p.value[2],
      },
      xAxis: { type: 'value', name: t('u.intensity'), nameLocation: 'middle', nameGap: 26, min: bins.length ? bins[0].from : 0, max: bins.length ? bins[bins.length - 1].to : null, scale: true },
      yAxis: { type: 'value', name: t('db.hist_y'), minInterval: 1 },
      series: [
        {
          type: 'custom',
          name: t('db.hist_y'),
          encode: { x: [0, 1], y: 2 },
          data: bins.map((b) => [b.from, b.to, b.count, cut !== null && b.from >= cut ? 1 : 0]),
          renderItem: (params, apiR) => {
            const a = apiR.coord([apiR.value(0), apiR.value(2)]);
            const b = apiR.coord([apiR.value(1), 0]);
            return {
              type: 'rect',
              shape: { x: a[0] + 1, y: a[1], width: Math.max(1, b[0] - a[0] - 2), height: b[1] - a[1] },
              style: { fill: apiR.value(3) ? '#c0392b' : '#1f5fa8' },
            };
          },
          markLine:
            cut === null || cut === undefined
              ? undefined
              : {
                  symbol: 'none',
                  lineStyle: { color: '#c0392b', type: 'dashed', width: 2 },
                  label: { formatter: t('db.hist_cut', { v: intensity(cut) }), color: '#c0392b', fontFamily: FONT },
                  data: [{ xAxis: cut }],
                },
        },
      ],
    },
    (p) => {
      if (p.componentType === 'markLine') return go('/dual-control', { year, tab: 'ranking', worst: '1' });
      if (p.value) go('/dual-control', { year, tab: 'ranking', min: p.value[0], max: bins[p.dataIndex] && bins[p.dataIndex].open ? '' : p.value[1] });
    },
  );

  // capacity exited by industry, stacked by the year of exit: one chart per capacity unit (small
  // multiples), the unit in the value axis's name — t/a is never drawn on the axis of MW (issue 12 §2)
  const ex = (data.exited_capacity || []).map((r) => {
    const n = normCap(r.capacity, r.unit);
    return Object.assign({}, r, { cap: n.value, unitKey: n.unit });
  });
  const yk = (y) => (y === null || y === undefined ? t('db.year_unknown') : String(y));
  const years = [...new Set(ex.map((r) => yk(r.year)))].sort();
  const units = [...new Set(ex.map((r) => r.unitKey))].sort();
  const exCharts = units.map((u, k) => {
    const mine = ex.filter((r) => r.unitKey === u);
    const catKey = (r) => r.industry_name || r.industry_code;
    const cats = [...new Map(mine.map((r) => [catKey(r), r])).values()];
    const exSeries = years.map((y) => ({
      type: 'bar',
      name: y,
      stack: 'exit',
      barMaxWidth: 22,
      emphasis: { focus: 'series' },
      data: cats.map((c) => mine.filter((r) => yk(r.year) === y && catKey(r) === catKey(c)).reduce((a, r) => a + Number(r.cap || 0), 0)),
    }));
    const box = chartBox(
      ctx,
      'chart-exited-' + k,
      Math.max(160, 70 + cats.length * 26),
      {
        grid: { left: 8, right: 72, top: 30, bottom: 28, containLabel: true },
        legend: { type: 'scroll', top: 0, textStyle: { fontFamily: FONT } },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => num(v, 2) + ' ' + capUnit(u) },
        yAxis: { type: 'category', inverse: true, data: cats.map(catKey), axisLabel: { width: 210, overflow: 'truncate' } },
        xAxis: { type: 'value', name: t('db.exited_axis', { u: capUnit(u) }), nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: (v) => num(v, 0) } },
        series: exSeries,
      },
      (p) => {
        const c = cats[p.dataIndex];
        if (c) go('/enterprises', { industry: c.industry_code });
      },
    );
    box.el.dataset.unit = u;
    return box;
  });
  const exChart = { el: h('div.exited-charts', { 'data-testid': 'chart-exited' }, ...exCharts.map((c) => c.el)) };

  // cases by state
  const cbs = (data.cases_by_state || []).filter((r) => r.count > 0);
  const caseChart = chartBox(
    ctx,
    'chart-cases',
    260,
    {
      tooltip: { trigger: 'item', formatter: (p) => p.name + '：' + p.value + '（' + p.percent + '%）' },
      legend: { type: 'scroll', orient: 'vertical', right: 8, top: 'middle', textStyle: { fontFamily: FONT } },
      series: [
        {
          type: 'pie',
          radius: ['38%', '68%'],
          center: ['36%', '52%'],
          label: { formatter: '{c}' },
          data: cbs.map((r) => ({ name: tv('cs', r.state), value: r.count, state: r.state })),
        },
      ],
    },
    (p) => p.data && go('/cases', { state: p.data.state }),
  );

  const dueCols = [
    { key: 'case_id', label: t('c.id'), render: (r) => h('a', { href: href('/cases/' + r.case_id) }, '#' + r.case_id) },
    { key: 'name', label: t('c.enterprise'), render: (r) => r.name || r.uscc },
    { key: 'state', label: t('cs.state'), render: (r) => tv('cs', r.state) },
    { key: 'deadline', label: t('db.deadline'), render: (r) => deadline(r.deadline, r.days_left, r) },
  ];
  const due = h(
    'section.panel',
    h('h2.panel-title', h('a', { href: href('/cases', { due_within: data.due_soon_days }) }, t('db.due_soon', { d: data.due_soon_days })), h('span.count', String((data.due_soon || []).length))),
    h('div.panel-body', table(dueCols, (data.due_soon || []).slice(0, 8), { testid: 'due-soon' })),
  );
  const over = h(
    'section.panel',
    h('h2.panel-title.title-red', h('a', { href: href('/cases', { overdue: 1 }) }, t('db.overdue')), h('span.count.count-red', String((data.overdue || []).length))),
    h('div.panel-body', table(dueCols, (data.overdue || []).slice(0, 8), { testid: 'overdue-list' })),
  );

  const resettle = h('section.panel', panelHead(t('rs.dash'), href('/resettlement')), h('div.panel-body', h('p.muted', t('c.loading'))));
  fill(ctx.root, 
    head,
    h('p.hint.no-print', t('db.click_hint')),
    h('div.grid-2', totals, baro),
    h(
      'div.grid-3',
      h('section.panel', panelHead(t('db.hist'), href('/dual-control', { year, tab: 'ranking' })), h('div.panel-body', histChart.el, undecided ? h('div.hint', t('db.hist_undecided', { n: undecided })) : null)),
      h('section.panel', panelHead(t('db.exited'), href('/equipment', { status: 'dismantled' })), h('div.panel-body', ex.length ? exChart.el : h('p.muted.chart-empty', t('c.empty')))),
      h('section.panel', panelHead(t('db.cases'), href('/cases')), h('div.panel-body', cbs.length ? caseChart.el : h('p.muted.chart-empty', t('c.empty')))),
    ),
    h('div.grid-2', due, over),
    resettle,
  );
  // worker resettlement (issue 15 §5): the totals of the user's scope, loaded after the rest
  api.get('/resettlement/totals').then((tot) => {
    const c = tot.city;
    const approved = c.plans.approved + c.plans.executing + c.plans.done;
    fill(resettle.querySelector('.panel-body'), h('p', { 'data-testid': 'dash-resettlement' }, t('rs.dash_line', {
      cases: c.cases, workers: c.workers.total, approved, pending: c.cases - approved, amount: c.amount,
    })));
  }, () => resettle.remove());
}

// A panel title with a keyboard-reachable link to the list behind its chart.
function panelHead(title, link) {
  return h('h2.panel-title', title, h('a.panel-link.no-print', { href: link }, t('db.open_list') + ' ›'));
}

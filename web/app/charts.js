// charts.js: Apache ECharts (served by phaseout from web/node_modules at /vendor/echarts), with
// the fonts of UI.md, disposed when the page is left and resized with the window.

import { h } from './ui.js';
import { t } from './i18n.js';

export const FONT = '"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif';
export const PALETTE = ['#1f5fa8', '#d9822b', '#2e8b57', '#8e44ad', '#c0392b', '#16a2b8', '#7f8c8d', '#b8860b', '#34495e', '#e67e22'];

export function available() {
  return typeof window.echarts !== 'undefined';
}

// A chart box: returns {el, chart} — chart is null when ECharts did not load.
export function chartBox(ctx, testid, height, option, onClick) {
  const el = h('div.chart', { 'data-testid': testid, style: { height: (height || 280) + 'px' }, role: 'img' });
  if (!available()) {
    el.classList.add('chart-missing');
    el.textContent = t('db.no_charts');
    return { el, chart: null };
  }
  let chart = null;
  // Initialise after the element is in the document (size known).
  requestAnimationFrame(() => {
    if (!el.isConnected) return;
    chart = window.echarts.init(el, null, { renderer: 'canvas' });
    // tooltips drawn on the canvas: ECharts' HTML tooltips carry inline style attributes, which
    // the server's Content-Security-Policy (no 'unsafe-inline') refuses
    const tip = option.tooltip ? { tooltip: Object.assign({ renderMode: 'richText' }, option.tooltip) } : {};
    chart.setOption(Object.assign({ color: PALETTE, textStyle: { fontFamily: FONT }, animationDuration: 300 }, option, tip));
    if (onClick) {
      chart.on('click', onClick);
      el.style.cursor = 'pointer';
    }
    el.dataset.drawn = '1';
  });
  const onResize = () => chart && chart.resize();
  window.addEventListener('resize', onResize);
  const before = () => chart && chart.resize();
  window.addEventListener('beforeprint', before);
  ctx.onLeave(() => {
    window.removeEventListener('resize', onResize);
    window.removeEventListener('beforeprint', before);
    if (chart) chart.dispose();
  });
  return { el, get chart() { return chart; } };
}

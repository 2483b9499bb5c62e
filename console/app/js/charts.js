// A chart and its data table, always together: the table is the accessible
// alternative and what analysts copy into the annual report. Charts are drawn by
// Chart.js (vendor/chart.umd.min.js, loaded as a classic script); the canvas is
// an image whose label says what it shows, and the table under it carries every
// value, so colour never carries meaning alone.
import { el, table, num, pct } from './dom.js';
import { t } from './i18n.js';

const live = new Set();

// Destroys the charts of the page being left.
export function destroyCharts() {
  for (const c of live) c.destroy();
  live.clear();
}

function palette() {
  const s = getComputedStyle(document.documentElement);
  return [1, 2, 3, 4, 5, 6, 7, 8].map((i) => s.getPropertyValue(`--chart-${i}`).trim() || '#1f4e99');
}

// spec: {title, type: 'bar'|'hbar'|'doughnut', labels, series: [{label, data}],
//        columns, rows (the table), csv (href), tall, percent}
export function chartFigure(spec) {
  const canvas = el('canvas', { role: 'img', 'aria-label': `${spec.title}. ${t('chart.alt')}` });
  const holder = el('div', { class: `chart-canvas${spec.tall ? ' tall' : ''}` }, canvas);
  const actions = el('div', { class: 'chart-actions' });
  if (spec.csv) actions.append(el('a', { href: spec.csv, download: '' }, t('chart.csv')));
  const fig = el(
    'figure',
    { class: 'chart' },
    el('figcaption', {}, spec.title),
    holder,
    table({ caption: `${spec.title} — ${t('chart.table')}`, columns: spec.columns, rows: spec.rows }),
    actions,
  );
  queueMicrotask(() => draw(canvas, spec));
  return fig;
}

function draw(canvas, spec) {
  if (typeof window.Chart !== 'function' || !canvas.isConnected) return;
  const colours = palette();
  const horizontal = spec.type === 'hbar';
  const type = horizontal ? 'bar' : spec.type;
  const datasets = spec.series.map((s, i) => ({
    label: s.label,
    data: s.data,
    backgroundColor: type === 'doughnut' ? spec.labels.map((_, j) => colours[j % colours.length]) : colours[i % colours.length],
    borderColor: type === 'doughnut' ? '#ffffff' : colours[i % colours.length],
    borderWidth: type === 'doughnut' ? 2 : 0,
  }));
  const format = (v) => (spec.percent ? pct(v) : num(v));
  const chart = new window.Chart(canvas, {
    type,
    data: { labels: spec.labels, datasets },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: type === 'doughnut' || spec.series.length > 1, position: 'bottom' },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label || ctx.label}: ${format(ctx.parsed.x !== undefined && horizontal ? ctx.parsed.x : ctx.parsed.y ?? ctx.parsed)}` } },
      },
      scales: type === 'doughnut' ? {} : {
        x: { ticks: { autoSkip: !horizontal, maxRotation: 45, color: '#1d2330' }, beginAtZero: true },
        y: { ticks: { color: '#1d2330', autoSkip: false }, beginAtZero: true },
      },
    },
  });
  live.add(chart);
}

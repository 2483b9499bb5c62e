// Small DOM helpers: elements from data (never HTML strings, so no injection and
// no inline style under the page's Content-Security-Policy), accessible tables,
// and French-first number and date formats.
import { t, lang } from './i18n.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function locale() {
  return lang() === 'en' ? 'en-GB' : 'fr-FR';
}

export function num(n) {
  if (n === undefined || n === null || n === '') return '—';
  return new Intl.NumberFormat(locale()).format(n);
}

export function pct(n) {
  if (n === undefined || n === null) return '—';
  return `${new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n)} %`;
}

export function dateTime(ms) {
  if (!ms) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

export function date(text) {
  if (!text) return '—';
  const d = new Date(text.length === 10 ? `${text}T12:00:00` : text);
  if (Number.isNaN(d.getTime())) return text;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
}

let tableCount = 0;

// A data table: caption, column headers with scope, row headers for the first
// column when asked, numbers right-aligned. columns: [{key, label, num, format, rowHeader}]
export function table({ caption, columns, rows, id, empty }) {
  const tid = id || `table-${++tableCount}`;
  const thead = el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.num ? 'num' : null }, c.label))));
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr', { class: r._class || null });
    for (const c of columns) {
      let v = typeof c.value === 'function' ? c.value(r) : r[c.key];
      if (c.format) v = c.format(v, r);
      else if (c.num) v = num(v);
      const cell = c.rowHeader ? el('th', { scope: 'row' }) : el('td', { class: c.num ? 'num' : null });
      if (v instanceof Node) cell.append(v);
      else cell.textContent = v === undefined || v === null || v === '' ? '—' : String(v);
      tr.append(cell);
    }
    body.append(tr);
  }
  if (!rows.length) body.append(el('tr', {}, el('td', { colspan: columns.length }, empty || t('table.empty'))));
  // A wide table scrolls inside its wrapper, which keyboard users can then focus
  // and scroll (WCAG 2.1.1).
  return el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption }, el('table', { id: tid }, el('caption', {}, caption), thead, body));
}

export function headline(items) {
  return el('ul', { class: 'headline' }, items.map(([value, label]) => el('li', {}, el('span', { class: 'value' }, value), el('span', { class: 'label' }, label))));
}

export function badge(text, kind) {
  return el('span', { class: `badge ${kind}` }, text);
}

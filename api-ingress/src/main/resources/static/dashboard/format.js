// Formatting and DOM building for the dashboard. Every text goes in as text, never as HTML: job reasons and provider
// reasons are a vendor's words. A figure nobody reported is null and reads "unknown", never 0.

export const UNKNOWN = 'unknown';

/** An element with attributes and children (nodes, or strings as text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** "unknown", styled as such. */
export function unknown(text = UNKNOWN) {
  return el('span', {class: 'unknown'}, text);
}

function absent(value) {
  return value === null || value === undefined;
}

/** {@code format(value)}, or "unknown" for a value nobody reported. */
export function known(value, format = String) {
  return absent(value) ? unknown() : format(value);
}

/** US dollars as the sink gives them (a plain number): $1.50, $0.003, $0.0000005; null is unknown. */
export function usd(value) {
  if (absent(value)) {
    return UNKNOWN;
  }
  const amount = Number(value);
  if (amount === 0) {
    return '$0';
  }
  const size = Math.abs(amount);
  const text = size >= 1 ? amount.toFixed(2) : amount.toFixed(size >= 0.0001 ? 6 : 8).replace(/0+$/, '');
  return '$' + text;
}

/**
 * An amount that is a lower bound while some cost is unknown: "≥ $0.04"; with nothing known but something unknown,
 * it is unknown, not "≥ $0".
 */
export function spent(value, unknownCount) {
  if (absent(value) || (unknownCount > 0 && Number(value) === 0)) {
    return unknown();
  }
  return unknownCount > 0 ? `≥ ${usd(value)}` : usd(value);
}

/** A ratio from 0 to 1 as a percentage: 66.7%; null is unknown. */
export function percent(ratio) {
  if (absent(ratio)) {
    return unknown();
  }
  return (Number(ratio) * 100).toFixed(1).replace(/\.0$/, '') + '%';
}

/** Milliseconds as "300 ms", "9.4 s", "2.5 min"; null is unknown. */
export function duration(ms) {
  if (absent(ms)) {
    return unknown();
  }
  if (ms < 1000) {
    return `${ms} ms`;
  }
  if (ms < 60000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  return `${(ms / 60000).toFixed(1)} min`;
}

/** An instant as UTC: its time of day when it is today (UTC), with its date otherwise. */
export function time(iso) {
  if (absent(iso)) {
    return unknown();
  }
  const text = new Date(iso).toISOString();
  return text.slice(0, 10) === utcToday() ? text.slice(11, 19) : `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}

/** Today's UTC date, YYYY-MM-DD: the day the sink bills on. */
export function utcToday() {
  return new Date().toISOString().slice(0, 10);
}

/** A state or level word in a coloured badge: UP, DOWN, HEALTHY, FAILED, ... */
export function badge(word, text = word) {
  return el('span', {class: 'badge', 'data-level': word}, absent(text) ? UNKNOWN : text);
}

/** A table cell; numbers right-aligned. */
export function cell(content, number = false) {
  return el('td', {class: number ? 'number' : null}, content);
}

/** Replaces the rows of table {@code id}'s body. */
export function rows(id, trs) {
  document.querySelector(`#${id} tbody`).replaceChildren(...trs);
}

/** One row across the table saying why there is nothing to show. */
export function messageRow(id, message, isUnknown = true) {
  const columns = document.querySelectorAll(`#${id} thead th`).length;
  rows(id, [el('tr', {}, el('td', {colspan: columns}, isUnknown ? unknown(message) : message))]);
}

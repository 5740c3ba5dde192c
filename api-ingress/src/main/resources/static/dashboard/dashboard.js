// The dashboard: asks for an API key (kept in this tab's sessionStorage, sent as a bearer header, never in a URL),
// then reads each source on its own schedule and says, per source, whether what it shows is fresh, stale or unknown.

import * as sections from './sections.js';
import {utcToday} from './format.js';

const KEY = 'genpipe.dashboard.key';
const CHOICES = 'genpipe.dashboard.';
// Relative to /dashboard/, so the page works under any prefix the ingress is served at.
const INGRESS = '../v1/';
const SINK = '../v1/dashboard/sink/v1/';
const TIMEOUT_MS = 8000;
/** A source whose last answer is older than this many of its intervals is shown stale. */
const STALE_AFTER = 3;

const choices = {
  window: '10m',
  experiment: sessionStorage.getItem(CHOICES + 'experiment'),
  batch: sessionStorage.getItem(CHOICES + 'batch'),
};

/**
 * Each source: how often it is read, its URL (null while there is nothing to read), what draws its answer, and what
 * draws a 404 (an experiment or a batch with no job recorded).
 */
const sources = {
  health: {label: 'provider health (ingress)', every: 2000, url: () => `${INGRESS}providers/health`,
    render: sections.health},
  stats: {label: 'stats (results sink)', every: 2000,
    url: () => `${SINK}stats?window=${encodeURIComponent(choices.window)}`,
    render: answer => sections.stats(answer, choices.window)},
  costs: {label: "today's costs (results sink)", every: 5000,
    url: () => `${SINK}costs?groupBy=provider&from=${utcToday()}&to=${utcToday()}`, render: sections.costs},
  budgets: {label: 'budgets (results sink)', every: 10000, url: () => `${SINK}budgets`, render: sections.budgets},
  experiments: {label: 'experiments recorded (results sink)', every: 30000, url: () => `${SINK}experiments`,
    render: answer => {
      const shown = sections.experimentList(answer, choices.experiment);
      if (shown !== choices.experiment) {
        choose('experiment', shown);
      }
    }},
  experiment: {label: 'experiment (results sink)', every: 5000, idle: 'no experiment chosen',
    url: () => choices.experiment && `${SINK}experiments/${encodeURIComponent(choices.experiment)}`,
    render: sections.experiment, missing: sections.noExperiment, none: sections.noExperiment},
  jobs: {label: 'recent jobs (results sink)', every: 2000, url: () => `${SINK}jobs?limit=20`, render: sections.jobs},
  batch: {label: 'batch (results sink)', every: 2000, idle: 'no batch chosen: enter its id',
    url: () => choices.batch && `${SINK}batches/${encodeURIComponent(choices.batch)}`,
    render: sections.batch, missing: sections.noBatch, none: sections.noBatch},
};

/** What each source last did: when it answered, why it did not, whether a read is under way. */
const states = {};
let key = null;

function fresh() {
  return {lastAttempt: 0, lastAnswer: null, failure: null, missing: null, inFlight: false, reads: 0};
}

function connect(presented) {
  key = presented;
  for (const name of Object.keys(sources)) {
    states[name] = fresh();
    const source = sources[name];
    if (source.url()) {
      source.render(null);
    } else {
      source.none();
    }
  }
  document.getElementById('panels').hidden = false;
  document.getElementById('forget').hidden = false;
  document.getElementById('batch-id').value = choices.batch ?? '';
  const connection = document.getElementById('connection');
  connection.dataset.state = 'connecting';
  connection.textContent = 'Connecting…';
  tick();
}

function disconnect(message, state = 'disconnected') {
  key = null;
  sessionStorage.removeItem(KEY);
  document.getElementById('panels').hidden = true;
  document.getElementById('forget').hidden = true;
  const connection = document.getElementById('connection');
  connection.dataset.state = state;
  connection.textContent = message;
}

/** Reads every source that is due, none twice at once; a hidden tab reads nothing. */
function tick() {
  if (!key || document.hidden) {
    return;
  }
  const now = Date.now();
  for (const [name, source] of Object.entries(sources)) {
    const state = states[name];
    if (!state.inFlight && now - state.lastAttempt >= source.every && source.url()) {
      read(name);
    }
  }
}

async function read(name) {
  const source = sources[name];
  const state = states[name];
  const url = source.url();
  const reads = ++state.reads;
  state.inFlight = true;
  state.lastAttempt = Date.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(url, {headers: {Authorization: `Bearer ${key}`, Accept: 'application/json'},
      cache: 'no-store', credentials: 'omit', redirect: 'error', signal: abort.signal});
    const body = await response.json().catch(() => null);
    if (state !== states[name] || reads !== state.reads || url !== source.url()) {
      return; // the key or the choice changed meanwhile: this answer is about something else
    }
    if (response.status === 401) {
      disconnect(`The key was refused (${body?.detail ?? 'HTTP 401'}). Enter another.`, 'refused');
      return;
    }
    if (response.ok && body !== null) {
      Object.assign(state, {lastAnswer: Date.now(), failure: null, missing: null});
      source.render(body);
    } else if (response.status === 404 && source.missing) {
      const detail = body?.detail ?? 'not recorded';
      Object.assign(state, {lastAnswer: Date.now(), failure: null, missing: detail});
      source.missing(detail);
    } else {
      failed(name, body?.detail ?? `HTTP ${response.status}`);
    }
  } catch (e) {
    if (state === states[name]) {
      failed(name, e.name === 'AbortError' ? `no answer within ${TIMEOUT_MS / 1000} s` : 'the ingress did not answer');
    }
  } finally {
    clearTimeout(timer);
    state.inFlight = false;
    show(name);
  }
}

/** Keeps what was shown, marked stale; what never answered reads unknown. */
function failed(name, why) {
  const state = states[name];
  state.failure = why;
  if (state.lastAnswer === null) {
    sources[name].render(null);
  }
}

function clock(at) {
  return new Date(at).toISOString().slice(11, 19);
}

function ago(at) {
  return `${Math.max(0, Math.round((Date.now() - at) / 1000))} s ago`;
}

/** The source's line, and its panel's state: the worst of its sources'. */
function show(name) {
  const source = sources[name];
  const state = states[name];
  const line = document.querySelector(`.source[data-source="${name}"]`);
  let condition;
  let text;
  if (!source.url()) {
    [condition, text] = ['idle', source.idle];
  } else if (state.failure && state.lastAnswer) {
    [condition, text] = ['stale', `stale: ${state.failure}; shown as of ${clock(state.lastAnswer)} UTC (${ago(state.lastAnswer)})`];
  } else if (state.failure) {
    [condition, text] = ['unknown', `unknown: ${state.failure}`];
  } else if (state.lastAnswer && Date.now() - state.lastAnswer > STALE_AFTER * source.every) {
    [condition, text] = ['stale', `stale: no answer since ${clock(state.lastAnswer)} UTC (${ago(state.lastAnswer)})`];
  } else if (state.lastAnswer) {
    [condition, text] = ['fresh', `${state.missing ? state.missing + ' · ' : ''}updated ${clock(state.lastAnswer)} UTC`];
  } else {
    [condition, text] = ['loading', 'loading…'];
  }
  line.dataset.state = condition;
  line.textContent = `${source.label}: ${text}`;
  const panel = line.closest('.panel');
  const conditions = [...panel.querySelectorAll('.source')].map(other => other.dataset.state);
  panel.dataset.state = ['unknown', 'stale', 'loading', 'fresh', 'idle'].find(worst => conditions.includes(worst));
}

/** Every second: the "s ago" texts, staleness, and the line under the key. */
function showAll() {
  if (!key) {
    return;
  }
  Object.keys(sources).forEach(show);
  const lines = [...document.querySelectorAll('.source')];
  const behind = lines.filter(line => line.dataset.state === 'stale' || line.dataset.state === 'unknown').length;
  const connection = document.getElementById('connection');
  connection.dataset.state = behind ? 'stale' : 'live';
  connection.textContent = document.hidden ? 'Paused while the tab is hidden.'
      : behind ? `Live, but ${behind} of ${lines.length} sources are stale or unknown: see each section.`
          : `Live: every source answered within ${STALE_AFTER} of its intervals.`;
}

/** A new window, experiment or batch: its source starts over, at once. */
function choose(name, value) {
  choices[name] = value || null;
  if (name !== 'window') {
    if (choices[name]) {
      sessionStorage.setItem(CHOICES + name, choices[name]);
    } else {
      sessionStorage.removeItem(CHOICES + name);
    }
  }
  const sourceName = name === 'window' ? 'stats' : name;
  if (!key) {
    return;
  }
  states[sourceName] = fresh();
  const source = sources[sourceName];
  if (source.url()) {
    source.render(null);
    read(sourceName);
  } else {
    source.none();
    show(sourceName);
  }
}

document.getElementById('key-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = document.getElementById('api-key');
  const presented = input.value.trim();
  input.value = '';
  if (presented) {
    sessionStorage.setItem(KEY, presented);
    connect(presented);
  }
});
document.getElementById('forget').addEventListener('click', () => disconnect('Key forgotten. Enter an API key.'));
document.getElementById('stats-window').addEventListener('change', event => choose('window', event.target.value));
document.getElementById('experiment-list').addEventListener('change', event => choose('experiment', event.target.value));
document.getElementById('experiment-form').addEventListener('submit', event => {
  event.preventDefault();
  const typed = document.getElementById('experiment-id');
  choose('experiment', typed.value.trim() || document.getElementById('experiment-list').value);
  typed.value = '';
});
document.getElementById('batch-form').addEventListener('submit', event => {
  event.preventDefault();
  choose('batch', document.getElementById('batch-id').value.trim());
});
document.addEventListener('visibilitychange', tick);

setInterval(tick, 250);
setInterval(showAll, 1000);
const kept = sessionStorage.getItem(KEY);
if (kept) {
  connect(kept);
}

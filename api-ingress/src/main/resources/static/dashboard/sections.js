// What each section of the dashboard shows, from the answer of its source. Each renderer takes the answer, or null
// when there is none to show yet (the source never answered): then its figures read "unknown".

import {
  UNKNOWN, badge, cell, duration, el, known, messageRow, percent, rows, spent, time, unknown, usd, utcToday,
} from './format.js';

const byId = id => document.getElementById(id);

/** GET /v1/providers/health: the router's system level and each provider over its live workers. */
export function health(answer) {
  const level = byId('system-level');
  if (!answer) {
    level.replaceWith(Object.assign(badge('UNKNOWN', UNKNOWN), {id: 'system-level'}));
    byId('system-level-reason').textContent = '';
    byId('operations').replaceChildren();
    messageRow('providers', UNKNOWN);
    return;
  }
  level.replaceWith(Object.assign(badge(answer.level), {id: 'system-level'}));
  byId('system-level-reason').textContent = answer.levelReason
      ?? (answer.reportedAt ? `as the router reported it at ${time(answer.reportedAt)} UTC` : '');
  byId('operations').replaceChildren(...answer.operations.map(operation => el('li', {},
      `${operation.operation} `, badge(operation.level),
      ` available: ${operation.available.join(', ') || 'none'}`,
      operation.unavailable.length ? ` · unavailable: ${operation.unavailable.join('; ')}` : '')));
  rows('providers', answer.providers.map(provider => el('tr', {'data-provider': provider.provider},
      cell(provider.provider),
      cell(badge(provider.state)),
      cell(String(provider.liveWorkers), true),
      cell(latencies(provider.latencyP50Ms, provider.latencyP95Ms), true),
      cell(percent(provider.failureRate), true),
      cell(known(provider.inFlight), true),
      cell(known(provider.consecutiveFailures), true),
      cell(provider.reason || (provider.state === 'UP' ? '' : unknown('no reason given'))))));
}

function latencies(p50, p95) {
  if (p50 === null && p95 === null) {
    return unknown();
  }
  return el('span', {}, duration(p50), ' / ', duration(p95));
}

const WINDOW_MINUTES = {'10m': 10, '1h': 60, '24h': 1440};

/** GET /v1/stats?window=: each provider's attempts over the window, then "all" of them together. */
export function stats(answer, window) {
  if (!answer) {
    messageRow('stats', UNKNOWN);
    return;
  }
  const minutes = WINDOW_MINUTES[window];
  rows('stats', answer.providers.map(row => el('tr', {'data-provider': row.provider,
        class: row.provider === 'all' ? 'total' : null},
      cell(row.provider === 'all' ? 'all providers' : row.provider),
      cell(String(row.attempts), true),
      cell(minutes ? (row.attempts / minutes).toFixed(1) : unknown(), true),
      cell(percent(row.successRate), true),
      cell(duration(row.averageLatencyMs), true),
      cell(duration(row.p95LatencyMs), true),
      cell(row.unknownCostAttempts > 0 && row.costPerImageUsd !== null ? `≥ ${usd(row.costPerImageUsd)}`
          : known(row.costPerImageUsd, usd), true),
      cell(percent(row.fallbackRate), true))));
}

/** GET /v1/costs?groupBy=provider for today (UTC): what each provider billed. */
export function costs(answer) {
  byId('spend-day').textContent = `(UTC ${utcToday()})`;
  const total = byId('spend-total');
  if (!answer) {
    messageRow('costs', UNKNOWN);
    total.replaceChildren('total ', unknown());
    return;
  }
  if (answer.groups.length === 0) {
    messageRow('costs', 'no attempt billed today', false);
  } else {
    rows('costs', answer.groups.map(group => el('tr', {'data-provider': group.provider},
        cell(group.provider),
        cell(spent(group.costUsd, group.unknownCostAttempts + group.lostVendorCalls), true),
        cell(String(group.attempts), true),
        cell(group.unknownCostAttempts > 0 ? plural(group.unknownCostAttempts, 'attempt') : 'none', true))));
  }
  const unknownCount = answer.unknownCostAttempts + answer.lostVendorCalls;
  total.replaceChildren('total ', spent(answer.totalCostUsd, unknownCount),
      unknownCount > 0 ? el('span', {class: 'note'},
          ` (a lower bound: ${plural(unknownCount, 'attempt')} or vendor calls of unknown cost)`) : '');
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** GET /v1/budgets: each budget the key may see, the share of its day's and month's limit spent. */
export function budgets(answer) {
  const container = byId('budgets');
  if (!answer) {
    container.replaceChildren(unknown());
    return;
  }
  if (answer.length === 0) {
    container.replaceChildren(el('p', {class: 'note'}, 'no budget is set for what this key sees'));
    return;
  }
  container.replaceChildren(...answer.map(budget => el('div', {class: 'budget',
        'data-budget': `${budget.scope}:${budget.name}`},
      el('strong', {}, `${budget.scope} ${budget.name}`), ` (${budget.source})`,
      period(budget.day, 'today'), period(budget.month, 'this month'))));
}

function period(spend, label) {
  const amount = spent(spend.spentUsd, spend.unknownCostCalls);
  if (spend.budgetUsd === null) {
    return el('div', {class: 'period', 'data-period': spend.period}, `${label}: `, amount, ' spent, no limit');
  }
  const share = Number(spend.fraction);
  const used = el('span', {class: `used${share >= 1 ? ' over' : share >= 0.8 ? ' near' : ''}`});
  used.style.width = `${Math.min(100, share * 100)}%`;
  return el('div', {class: 'period', 'data-period': spend.period},
      `${label}: `, el('span', {class: 'used-percent'}, percent(spend.fraction)), ' used (', amount, ' of ',
      usd(spend.budgetUsd), ')', el('div', {class: 'bar'}, used));
}

/**
 * GET /v1/experiments: fills the list to pick from, keeping {@code chosen}; answers the experiment to show (the one
 * chosen, or the latest when none was).
 */
export function experimentList(answer, chosen) {
  const select = byId('experiment-list');
  if (!answer) {
    select.replaceChildren(el('option', {value: ''}, 'recorded experiments unknown'));
    return chosen;
  }
  const names = answer.experiments.map(experiment => experiment.experiment);
  if (names.length === 0) {
    select.replaceChildren(el('option', {value: ''}, 'no experiment recorded'));
    return chosen;
  }
  const shown = chosen ?? names[0];
  select.replaceChildren(...answer.experiments.map(experiment => el('option', {value: experiment.experiment,
    selected: experiment.experiment === shown}, `${experiment.experiment} (${experiment.jobs} jobs)`)),
      ...(names.includes(shown) ? [] : [el('option', {value: shown, selected: true}, shown)]));
  return shown;
}

/** GET /v1/experiments/{id}: its arms side by side. */
export function experiment(report) {
  if (!report) {
    messageRow('arms', UNKNOWN);
    byId('best').textContent = '';
    return;
  }
  rows('arms', report.arms.map(arm => el('tr', {'data-arm': arm.arm},
      cell(arm.arm), cell(String(arm.jobs), true), cell(String(arm.succeeded), true), cell(String(arm.failed), true),
      cell(arm.rated === 0 ? unknown('none rated') : el('span', {}, percent(arm.positiveRatio), ` of ${arm.rated}`), true),
      cell(duration(arm.averageDurationMs), true),
      cell(arm.unknownCostJobs > 0 && arm.averageCostUsd !== null ? `${usd(arm.averageCostUsd)} (${arm.unknownCostJobs} unknown left out)`
          : known(arm.averageCostUsd, usd), true),
      cell(arm.providers.join(', ') || unknown('none yet')))));
  const best = report.best;
  byId('best').replaceChildren(`${report.experiment}: most satisfying `, known(best.satisfaction), ' · fastest ',
      known(best.speed), ' · cheapest ', known(best.cost));
}

/** No job of the experiment is recorded, or none is chosen. */
export function noExperiment(detail = 'no experiment chosen') {
  messageRow('arms', detail, false);
  byId('best').textContent = '';
}

/** GET /v1/jobs?limit=20: the newest jobs with each attempt and why the router sent it where it did. */
export function jobs(answer) {
  if (!answer) {
    messageRow('recent-jobs', UNKNOWN);
    return;
  }
  if (answer.jobs.length === 0) {
    messageRow('recent-jobs', 'no job recorded yet', false);
    return;
  }
  rows('recent-jobs', answer.jobs.map(job => el('tr', {'data-job-id': job.jobId},
      cell(el('span', {}, job.jobId, job.batchId ? el('div', {class: 'note'}, `batch ${job.batchId}`) : null)),
      cell(badge(job.status)),
      cell(job.provider ? `${job.provider} ${job.model}` : (job.failureClass
          ? el('span', {class: 'failure'}, `${job.failureClass}: ${job.failureReason ?? ''}`) : '')),
      cell(jobCost(job), true),
      cell(job.durationMs === null ? '' : duration(job.durationMs), true),
      cell(time(job.requestedAt)),
      cell(job.attempts.length === 0 ? el('span', {class: 'note'}, 'no attempt yet')
          : el('ol', {class: 'attempts'}, job.attempts.map(attempt))))));
}

/** A job still queued or running has billed nothing yet, which is not a cost of $0. */
function jobCost(job) {
  const unknownCount = job.unknownCostAttempts + job.lostVendorCalls;
  const finished = job.status === 'SUCCEEDED' || job.status === 'FAILED';
  if (!finished && unknownCount === 0 && Number(job.totalCostUsd) === 0) {
    return el('span', {class: 'note'}, 'none billed yet');
  }
  return spent(job.totalCostUsd, unknownCount);
}

function attempt(a) {
  return el('li', {'data-attempt': a.attempt},
      `${a.provider} ${a.model} `, badge(a.status),
      a.failureClass ? el('span', {class: 'failure'}, ` ${a.failureClass}${a.reason ? ': ' + a.reason : ''}`) : '',
      a.status === 'DISPATCHED' ? '' : el('span', {}, ' · ', a.costKnown ? usd(a.costUsd) : unknown('cost unknown'),
          ' · ', duration(a.latencyMs)),
      el('div', {class: 'dispatch-reason'}, 'router: ', a.dispatchReason ?? unknown('reason not recorded')));
}

/** GET /v1/batches/{id}: how far the batch is, what it cost, and each provider's part. */
export function batch(statistics) {
  byId('batch-summary').hidden = false;
  const set = (id, content) => byId(id).replaceChildren(content);
  const bar = byId('batch-progress');
  if (!statistics) {
    for (const id of ['batch-done', 'batch-total', 'batch-succeeded', 'batch-failed', 'batch-running', 'batch-cost',
      'batch-average', 'batch-complete']) {
      set(id, UNKNOWN);
    }
    bar.setAttribute('aria-valuenow', '0');
    bar.querySelector('.succeeded').style.width = '0';
    bar.querySelector('.failed').style.width = '0';
    messageRow('batch-providers', UNKNOWN);
    return;
  }
  const s = statistics;
  const done = s.succeeded + s.failed;
  set('batch-done', String(done));
  set('batch-total', String(s.total));
  set('batch-succeeded', String(s.succeeded));
  set('batch-failed', String(s.failed));
  set('batch-running', String(s.pending));
  set('batch-cost', spent(s.totalCostUsd, s.unknownCostAttempts));
  set('batch-average', duration(s.averageDurationMs));
  const complete = byId('batch-complete');
  complete.dataset.level = s.complete ? 'COMPLETE' : 'RUNNING';
  complete.textContent = s.complete ? 'complete' : 'running';
  bar.setAttribute('aria-valuenow', String(s.total === 0 ? 0 : Math.round(done * 100 / s.total)));
  bar.querySelector('.succeeded').style.width = `${s.total === 0 ? 0 : s.succeeded * 100 / s.total}%`;
  bar.querySelector('.failed').style.width = `${s.total === 0 ? 0 : s.failed * 100 / s.total}%`;
  rows('batch-providers', s.byProvider.map(provider => el('tr', {'data-provider': provider.provider},
      cell(provider.provider), cell(String(provider.succeeded), true), cell(String(provider.afterFallback), true),
      cell(String(provider.attempts), true), cell(String(provider.failedAttempts), true),
      cell(spent(provider.costUsd, provider.unknownCostAttempts), true))));
}

/** No job of the batch is recorded (yet), or none is chosen: the source's line says which. */
export function noBatch() {
  byId('batch-summary').hidden = true;
}

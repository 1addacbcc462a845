// The operator panel: this node's numbers from GET /api/stats (with the server key, kept in this tab's
// sessionStorage only; a dev server with no key answers without one), rates computed from successive polls,
// circuit states from /observe/health (or /observe/metrics), and a chart of messages per second.

import { drawChart } from './console-chart.js';
import { el, showError, tabStore } from './console-storage.js';

const POINTS = 60;
const CIRCUIT_STATES = ['closed', 'half_open', 'open'];

export class OperatorPanel {
  #ui;
  #timer = null;
  #previous = null;
  #samples = [];
  #intervalMs;

  constructor(ui, { intervalMs = 2000 } = {}) {
    this.#ui = ui;
    this.#intervalMs = intervalMs;
    ui.chartSpan.textContent = `${Math.round((POINTS * intervalMs) / 1000)} s`;
    ui.serverKey.value = tabStore.get('serverKey', '') ?? '';
    ui.keyForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const key = ui.serverKey.value.trim();
      if (key) tabStore.set('serverKey', key);
      else tabStore.remove('serverKey');
      this.poll();
    });
    ui.forgetKey.addEventListener('click', () => {
      ui.serverKey.value = '';
      tabStore.remove('serverKey');
      this.poll();
    });
  }

  start() {
    if (this.#timer) return;
    this.poll();
    this.#timer = setInterval(() => this.poll(), this.#intervalMs);
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  async poll() {
    const key = tabStore.get('serverKey', '');
    if (!key) {
      // the server's numbers are for its operators: without the server key there is nothing to ask for
      showError(this.#ui.error, 'Enter the server key to see this node\'s numbers.');
      this.#renderCircuits(await circuits());
      return;
    }
    const headers = { authorization: `Bearer ${key}` };
    try {
      const response = await fetch('/api/stats', { headers, cache: 'no-store' });
      if (response.status === 401 || response.status === 403) {
        showError(this.#ui.error, 'The server refused this key.');
        return;
      }
      if (!response.ok) throw new Error(`GET /api/stats answered ${response.status}`);
      const stats = await response.json();
      showError(this.#ui.error, null);
      this.#render(stats, Date.now());
    } catch (error) {
      showError(this.#ui.error, `No numbers: ${error.message}`);
    }
    this.#renderCircuits(await circuits());
  }

  #render(stats, now) {
    const messagesIn = stats.messages?.in ?? 0;
    const messagesOut = stats.messages?.out ?? 0;
    let rateIn = null;
    let rateOut = null;
    if (this.#previous && now > this.#previous.at) {
      const seconds = (now - this.#previous.at) / 1000;
      rateIn = Math.max(0, (messagesIn - this.#previous.in) / seconds);
      rateOut = Math.max(0, (messagesOut - this.#previous.out) / seconds);
      this.#samples.push({ in: rateIn, out: rateOut });
      if (this.#samples.length > POINTS) this.#samples.shift();
    }
    this.#previous = { at: now, in: messagesIn, out: messagesOut };
    const refusals = sum(stats.rejections);
    const limitHits = sum(stats.limit_hits);
    const tiles = [
      ['Connections', stats.connections],
      ['Users', stats.users],
      ['Conversations', stats.conversations],
      ['Messages in /s', rateIn === null ? '…' : rateIn.toFixed(1)],
      ['Messages out /s', rateOut === null ? '…' : rateOut.toFixed(1)],
      ['Messages in', messagesIn],
      ['Messages out', messagesOut],
      ['Refusals', refusals, describe(stats.rejections)],
      ['Limit hits', limitHits, describe(stats.limit_hits)],
      ['Queued bytes', `${stats.queues?.bytes ?? 0}`, `largest queue ${stats.queues?.max_bytes ?? 0} bytes`],
      ['Runs in flight', stats.runs?.in_flight ?? 0, `started ${stats.runs?.started ?? 0}`],
    ];
    this.#ui.tiles.replaceChildren(...tiles.map(([name, value, title]) => el('div', { class: 'tile', title },
      el('dt', { text: name }), el('dd', { text: String(value ?? 0), dataset: { tile: slug(name) } }))));
    this.#ui.node.textContent = `Node ${stats.node ?? '?'} · updated ${new Date(now).toLocaleTimeString()}`;
    drawChart(this.#ui.chart, [
      { cls: 'in', values: this.#samples.map((s) => s.in) },
      { cls: 'out', values: this.#samples.map((s) => s.out) },
    ], { points: POINTS, label: (v) => (v >= 10 ? v.toFixed(0) : v.toFixed(1)) });
  }

  #renderCircuits(list) {
    this.#ui.circuits.replaceChildren(...list.map(({ name, state }) =>
      el('li', { dataset: { state, circuit: name }, text: `${name}: ${state.replace('_', ' ')}` })));
  }
}

/** The circuits' states: from the health checks when they say, else from the Prometheus gauges. */
async function circuits() {
  const found = new Map();
  try {
    const health = await (await fetch('/observe/health', { cache: 'no-store' })).json();
    for (const check of health.checks ?? []) {
      const state = check.data?.circuit ?? check.data?.breaker;
      if (typeof state === 'string') found.set(check.name, state.toLowerCase().replace(/[ -]/g, '_'));
      else if (check.name === 'store' || check.name === 'assistant') found.set(check.name, null);
    }
  } catch {
    // health unreachable: the metrics may still say
  }
  if ([...found.values()].some((state) => state === null) || found.size === 0) {
    try {
      const metrics = await (await fetch('/observe/metrics', { cache: 'no-store', headers: { accept: 'text/plain' } })).text();
      for (const [name, gauge] of [['store', 'parley_store_circuit_state'], ['assistant', 'parley_llm_circuit_state']]) {
        const match = metrics.match(new RegExp(`^${gauge}(?:\\{[^}]*\\})?\\s+([0-9.]+)`, 'm'));
        if (match && !found.get(name)) found.set(name, CIRCUIT_STATES[Math.round(Number(match[1]))] ?? 'unknown');
      }
    } catch {
      // neither answered
    }
  }
  return [...found].map(([name, state]) => ({ name, state: state ?? 'unknown' }));
}

function sum(counts) {
  return Object.values(counts ?? {}).reduce((a, b) => a + (Number(b) || 0), 0);
}

function describe(counts) {
  const entries = Object.entries(counts ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join(', ') : 'none';
}

function slug(name) {
  return name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
}

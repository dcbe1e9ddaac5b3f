// Marketer's dashboard: keeps the latest segment state from the dashboard hub ("snapshot" replaces it, "update"
// merges into it) and redraws the trend, quality table, heat map and flow picture from it.
'use strict';

// Two trend ranges: one point per second for 10 minutes, one per minute for 6 hours (while the page stays open).
const RANGES = {
  minutes: { everyMs: 1000, points: 600 },
  hours: { everyMs: 60_000, points: 360 },
};
const newTrend = () => ({ times: [], sizes: new Map(), lastAt: 0 });
const state = { segments: new Map(), flows: [], trends: { minutes: newTrend(), hours: newTrend() }, range: 'minutes' };
const $ = id => document.getElementById(id);
const fmt = (n, digits = 1) => n === null || n === undefined ? '–' : Number(n).toFixed(digits);
const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

function applyHeader(message) {
  $('customers').textContent = message.customers;
  $('events-per-second').textContent = fmt(message.eventsPerSecond, 0);
  $('push-latency').textContent = message.pushLatencyMs === null ? '–' : `${fmt(message.pushLatencyMs)} ms`;
  $('ruleset-version').textContent = `v${message.rulesetVersion}`;
  window.dispatchEvent(new CustomEvent('ruleset-version', { detail: message.rulesetVersion }));
}

function onSnapshot(message) {
  state.segments = new Map(message.segments.map(s => [s.id, s]));
  state.flows = message.flows || [];
  render(message);
}

function onUpdate(message) {
  for (const segment of message.segments) state.segments.set(segment.id, segment);
  for (const id of message.removedSegments || []) state.segments.delete(id);
  if (message.flows) state.flows = message.flows;
  render(message);
}

function render(message) {
  applyHeader(message);
  recordTrend();
  renderQuality();
  renderMatrix();
  renderFlows();
}

function recordTrend() {
  const now = Date.now();
  for (const [name, range] of Object.entries(RANGES)) {
    const trend = state.trends[name];
    // Within an interval the latest point follows the live sizes; a new point starts each interval.
    const fresh = now - trend.lastAt >= range.everyMs || trend.times.length === 0;
    if (fresh) {
      trend.lastAt = now;
      trend.times.push(now / 1000);
    }
    for (const id of state.segments.keys()) {
      if (!trend.sizes.has(id)) trend.sizes.set(id, trend.times.slice(1).map(() => null));   // all but the latest point
    }
    for (const [id, series] of trend.sizes) {
      const size = state.segments.get(id)?.size ?? null;
      if (series.length < trend.times.length) series.push(size); else series[series.length - 1] = size;
    }
    if (trend.times.length > range.points) {
      trend.times.shift();
      for (const series of trend.sizes.values()) series.shift();
    }
    if (name === state.range) drawTrend();
  }
}

let chart = null;
let chartSeriesKey = '';
const palette = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#4b5563'];

function drawTrend() {
  const trend = state.trends[state.range];
  const ids = [...trend.sizes.keys()];
  const container = $('trend');
  if (ids.length === 0) return;
  const data = [trend.times, ...ids.map(id => trend.sizes.get(id))];
  const key = `${state.range}:${ids.join('|')}`;
  const width = Math.max(280, container.clientWidth - 8);
  if (!chart || key !== chartSeriesKey) {
    chart?.destroy();
    container.innerHTML = '';
    chartSeriesKey = key;
    chart = new uPlot({
      width, height: 220,
      series: [{}, ...ids.map((id, i) => ({ label: state.segments.get(id)?.name || id, stroke: palette[i % palette.length], width: 2 }))],
      axes: [{}, { label: 'members' }],
    }, data, container);
  } else {
    chart.setData(data);
  }
}

document.querySelectorAll('input[name=trend-range]').forEach(input => input.addEventListener('change', () => {
  state.range = input.value;
  drawTrend();
}));
window.addEventListener('resize', () => chart?.setSize({ width: Math.max(280, $('trend').clientWidth - 8), height: 220 }));

function renderQuality() {
  const rows = [...state.segments.values()].sort((a, b) => b.size - a.size);
  $('quality-empty').hidden = rows.length > 0;
  $('quality').querySelector('tbody').innerHTML = rows.map(s => `
    <tr data-segment="${esc(s.id)}">
      <td title="${esc(s.description || '')}">${esc(s.name || s.id)}</td>
      <td class="size">${s.size}</td>
      <td>${fmt(s.scoreMean)}</td>
      <td>${fmt(s.scoreStddev)}</td>
      <td>+${s.enteredLastHour} / −${s.leftLastHour}</td>
      <td class="warning">${(s.warnings || []).map(esc).join(', ')}</td>
    </tr>`).join('');
}

// Rows: segment × stage; columns: grades; the cell's colour is its share of the largest cell.
function renderMatrix() {
  const cells = [];
  for (const s of state.segments.values()) for (const c of s.matrix || []) cells.push({ segment: s.name || s.id, ...c });
  const container = $('matrix');
  if (cells.length === 0) {
    container.innerHTML = '<p class="empty">The heat map appears once segments have members.</p>';
    return;
  }
  const grades = [...new Set(cells.map(c => c.grade))].sort();
  const rows = [...new Set(cells.map(c => `${c.segment}\u0000${c.stage}`))].sort();
  const count = new Map(cells.map(c => [`${c.segment}\u0000${c.stage}\u0000${c.grade}`, c.count]));
  const max = Math.max(...cells.map(c => c.count), 1);
  const head = `<tr><th>Segment</th><th>Stage</th>${grades.map(g => `<th>${esc(g)}</th>`).join('')}</tr>`;
  const body = rows.map(row => {
    const [segment, stage] = row.split('\u0000');
    return `<tr><td>${esc(segment)}</td><td>${esc(stage)}</td>${grades.map(g => {
      const n = count.get(`${row}\u0000${g}`) || 0;
      const alpha = n === 0 ? 0 : 0.12 + 0.78 * n / max;
      return `<td class="cell" style="background: rgba(37, 99, 235, ${alpha.toFixed(2)}); color: ${alpha > 0.55 ? '#fff' : 'inherit'}">${n || ''}</td>`;
    }).join('')}</tr>`;
  }).join('');
  container.innerHTML = `<table class="heat">${head}${body}</table>`;
}

// Sources on the left, destinations on the right; a band's width is its share of the largest flow.
function renderFlows() {
  const svg = $('flows');
  const flows = state.flows.filter(f => f.count > 0);
  $('flows-empty').hidden = flows.length > 0;
  if (flows.length === 0) { svg.innerHTML = ''; return; }
  const width = svg.clientWidth || 500, height = svg.clientHeight || 250, pad = 14;
  const from = [...new Set(flows.map(f => f.from))], to = [...new Set(flows.map(f => f.to))];
  const y = (list, name) => pad + (list.indexOf(name) + 0.5) * (height - 2 * pad) / list.length;
  const max = Math.max(...flows.map(f => f.count));
  const left = 110, right = width - 110;
  const bands = flows.map((f, i) => {
    const y1 = y(from, f.from), y2 = y(to, f.to), w = 2 + 16 * f.count / max, mid = (left + right) / 2;
    return `<path d="M${left},${y1} C${mid},${y1} ${mid},${y2} ${right},${y2}" stroke="${palette[from.indexOf(f.from) % palette.length]}"
      stroke-opacity=".55" stroke-width="${w.toFixed(1)}" fill="none"><title>${esc(f.from)} → ${esc(f.to)}: ${f.count} (${esc(f.window)})</title></path>`;
  }).join('');
  const labels = from.map(n => `<text x="${left - 6}" y="${y(from, n) + 4}" text-anchor="end">${esc(n || '(none)')}</text>`).join('')
    + to.map(n => `<text x="${right + 6}" y="${y(to, n) + 4}">${esc(n || '(none)')}</text>`).join('')
    + flows.map(f => `<text x="${(left + right) / 2}" y="${(y(from, f.from) + y(to, f.to)) / 2 - 3}" text-anchor="middle" class="flow-count">${f.count}</text>`).join('');
  svg.innerHTML = bands + labels;
}

async function connect() {
  const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/dashboard').withAutomaticReconnect().build();
  connection.on('snapshot', onSnapshot);
  connection.on('update', onUpdate);
  connection.onreconnecting(() => { $('connection').textContent = 'reconnecting…'; });
  connection.onreconnected(() => { $('connection').textContent = 'live'; connection.invoke('Subscribe'); });
  connection.onclose(() => { $('connection').textContent = 'disconnected: reload the page'; });
  try {
    await connection.start();
    $('connection').textContent = 'live';
  } catch (e) {
    $('connection').textContent = 'cannot connect: is the server running? Retrying…';
    setTimeout(connect, 3000);
  }
}

connect();

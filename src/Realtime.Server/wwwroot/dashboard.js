// Marketer's dashboard: keeps the latest segment state from the dashboard hub ("snapshot" replaces it, "update"
// merges into it) and redraws the trend, quality table, heat map and flow picture from it.
'use strict';

// The trend comes from the server's segment-size history (a point per 10 s for the last hour, per minute for the
// last day), sent whole in the snapshot and point by point in updates, so a page opened now shows the past.
const RANGES = { hour: 10, day: 60 };   // range → the history resolution (stepSeconds) it draws
const FLOW_WINDOWS = { '5m': 'the last 5 minutes', '1h': 'the last hour' };
const state = { segments: new Map(), flows: [], history: new Map(), range: 'hour', flowWindow: '1h', grades: [] };
const $ = id => document.getElementById(id);
const fmt = (n, digits = 1) => n === null || n === undefined ? '–' : Number(n).toFixed(digits);
const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const segmentName = id => id ? (state.segments.get(id)?.name || id) : '(no segment)';

let lastLatencyAt = 0;
function applyHeader(message) {
  $('customers').textContent = message.customers;
  $('events-per-second').textContent = fmt(message.eventsPerSecond, 0);
  // A push without new events has no latency: the last one measured stays up to 5 s, then "–".
  const latency = $('push-latency');
  if (message.pushLatencyMs !== null) {
    latency.textContent = `${fmt(message.pushLatencyMs)} ms`;
    latency.title = 'From the event received to the dashboard push';
    lastLatencyAt = Date.now();
  } else if (Date.now() - lastLatencyAt > 5000) {
    latency.textContent = '–';
    latency.title = 'No event received in the last 5 s';
  }
  $('ruleset-version').textContent = `v${message.rulesetVersion}`;
  window.dispatchEvent(new CustomEvent('ruleset-version', { detail: message.rulesetVersion }));
}

function onSnapshot(message) {
  state.segments = new Map(message.segments.map(s => [s.id, s]));
  state.flows = message.flows || [];
  state.history = new Map((message.history || []).map(h => [h.stepSeconds, {
    span: h.spanSeconds, times: h.times, sizes: new Map(Object.entries(h.sizes)),
  }]));
  render(message, true);
}

function onUpdate(message) {
  for (const segment of message.segments) state.segments.set(segment.id, segment);
  for (const id of message.removedSegments || []) state.segments.delete(id);
  if (message.flows) state.flows = message.flows;
  for (const point of message.historyPoints || []) appendPoint(point);
  render(message, (message.historyPoints || []).length > 0);
}

// A new point: every known series gets its size (null when absent); points older than the span go.
function appendPoint(point) {
  const history = state.history.get(point.stepSeconds);
  if (!history) return;
  for (const id of Object.keys(point.sizes)) {
    if (!history.sizes.has(id)) history.sizes.set(id, history.times.map(() => null));
  }
  history.times.push(point.at);
  for (const [id, series] of history.sizes) series.push(point.sizes[id] ?? null);
  while (history.times.length && history.times[0] <= point.at - history.span) {
    history.times.shift();
    for (const series of history.sizes.values()) series.shift();
  }
}

// Pushes come every 50 ms; the trend (a minute-scale picture) is redrawn at most once a second, and at once for a
// snapshot or a new history point.
let trendDrawnAt = 0;
function render(message, redrawTrend) {
  applyHeader(message);
  if (redrawTrend || Date.now() - trendDrawnAt >= 1000) { trendDrawnAt = Date.now(); drawTrend(); }
  renderQuality();
  renderMatrix();
  renderFlows();
}

let chart = null;
let chartSeriesKey = '';
const palette = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#4b5563'];
// Tick spacings in seconds: never below 10 s, so the axis reads in minutes and hours.
const TIME_INCRS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

// Tick labels as hours and minutes (the ticks are never closer than 10 s); also put on the chart's container for
// screen readers (the axis itself is drawn on a canvas).
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
function timeTicks(u, splits) {
  const labels = splits.map(t => clock.format(new Date(t * 1000)));
  $('trend').setAttribute('aria-label', `Segment sizes; time axis: ${labels.join(', ')}`);
  return labels;
}

function drawTrend() {
  const history = state.history.get(RANGES[state.range]);
  const container = $('trend');
  if (!history) return;
  const now = Date.now() / 1000;
  // The history's points, then the live sizes now; segments empty throughout are listed instead of drawn flat on 0.
  const times = [...history.times, now];
  const ids = [...new Set([...history.sizes.keys(), ...state.segments.keys()])];
  const series = new Map(ids.map(id => [id, [...(history.sizes.get(id) || history.times.map(() => null)), state.segments.get(id)?.size ?? null]]));
  const drawn = ids.filter(id => series.get(id).some(v => v > 0));
  const empty = ids.filter(id => !drawn.includes(id));
  $('trend-empty').textContent = empty.length
    ? `Empty over the whole range: ${empty.map(segmentName).join(', ')}.` : '';
  if (drawn.length === 0) {
    chart?.destroy(); chart = null; chartSeriesKey = '';
    container.innerHTML = '<p class="empty">No segment had members over this range: send events, or check the segments\' conditions in the rules below.</p>';
    return;
  }
  const data = [times, ...drawn.map(id => series.get(id))];
  const key = `${state.range}:${drawn.join('|')}`;
  const width = Math.max(280, container.clientWidth - 8);
  const scales = { x: { time: true, range: () => { const t = Date.now() / 1000; return [t - history.span, t]; } } };
  if (!chart || key !== chartSeriesKey) {
    chart?.destroy();
    container.innerHTML = '';
    chartSeriesKey = key;
    chart = new uPlot({
      width, height: 220, scales,
      series: [{ label: 'time' }, ...drawn.map((id, i) => ({ label: segmentName(id), stroke: palette[i % palette.length], width: 2, spanGaps: false }))],
      axes: [{ incrs: TIME_INCRS, space: 70, values: timeTicks }, { label: 'members' }],
    }, data, container);
  } else {
    chart.setData(data);
  }
}

document.querySelectorAll('input[name=trend-range]').forEach(input => input.addEventListener('change', () => {
  state.range = input.value;
  chartSeriesKey = '';
  drawTrend();
}));
window.addEventListener('resize', () => chart?.setSize({ width: Math.max(280, $('trend').clientWidth - 8), height: 220 }));

// Mean and spread need members (a spread needs two): otherwise "–", with the reason on hover. The server's quality
// flags (too small, too spread out; thresholds set per segment in the ruleset) are shown as they come.
function renderQuality() {
  const rows = [...state.segments.values()].sort((a, b) => b.size - a.size);
  $('quality-empty').hidden = rows.length > 0;
  $('quality').querySelector('tbody').innerHTML = rows.map(s => {
    const flags = s.warnings || [];
    const mean = s.size > 0 ? fmt(s.scoreMean) : '<span class="muted" title="No member: no score to average">–</span>';
    const spread = s.size > 1 ? fmt(s.scoreStddev) : `<span class="muted" title="${s.size === 0 ? 'No member' : 'One member'}: a spread needs two">–</span>`;
    return `
    <tr data-segment="${esc(s.id)}"${flags.length ? ' class="flagged"' : ''}>
      <td title="${esc(s.description || '')}">${esc(s.name || s.id)}</td>
      <td class="num size">${s.size}</td>
      <td class="num mean">${mean}</td>
      <td class="num stddev">${spread}</td>
      <td class="num">+${s.enteredLastHour} / −${s.leftLastHour}</td>
      <td class="flags">${flags.length ? flags.map(f => `<span class="flag">⚠ ${esc(f)}</span>`).join(' ') : '<span class="ok">ok</span>'}</td>
    </tr>`;
  }).join('');
}

// Rows: segment × stage; columns: every grade of the active ruleset (best first), so the A–D scale always shows;
// the cell's colour is its share of the largest cell.
window.addEventListener('ruleset-grades', e => { state.grades = e.detail; renderMatrix(); });

function renderMatrix() {
  const cells = [];
  for (const s of state.segments.values()) for (const c of s.matrix || []) cells.push({ segment: s.name || s.id, ...c });
  const container = $('matrix');
  if (cells.length === 0) {
    container.innerHTML = '<p class="empty">No segment has members yet: the heat map fills in as customers enter segments.</p>';
    return;
  }
  const grades = [...state.grades, ...[...new Set(cells.map(c => c.grade))].filter(g => !state.grades.includes(g)).sort()];
  const rows = [...new Set(cells.map(c => `${c.segment}\u0000${c.stage}`))].sort();
  const count = new Map(cells.map(c => [`${c.segment}\u0000${c.stage}\u0000${c.grade}`, c.count]));
  const max = Math.max(...cells.map(c => c.count), 1);
  const head = `<tr><th>Segment</th><th>Stage</th>${grades.map(g => `<th class="grade">${esc(g)}</th>`).join('')}</tr>`;
  const body = rows.map(row => {
    const [segment, stage] = row.split('\u0000');
    return `<tr><td>${esc(segment)}</td><td>${esc(stage.replace(/_/g, ' '))}</td>${grades.map(g => {
      const n = count.get(`${row}\u0000${g}`) || 0;
      const alpha = n === 0 ? 0 : 0.12 + 0.78 * n / max;
      return `<td class="cell" data-grade="${esc(g)}" style="background: rgba(37, 99, 235, ${alpha.toFixed(2)}); color: ${alpha > 0.55 ? '#fff' : 'inherit'}">${n || ''}</td>`;
    }).join('')}</tr>`;
  }).join('');
  container.innerHTML = `<table class="heat">${head}${body}</table>`;
}

// One window at a time (the server sends every flow once per window). Sources on the left, destinations on the
// right, by segment name; a band's width is its share of the largest flow.
document.querySelectorAll('input[name=flow-window]').forEach(input => input.addEventListener('change', () => {
  state.flowWindow = input.value;
  renderFlows();
}));

function renderFlows() {
  const svg = $('flows');
  const flows = state.flows.filter(f => f.count > 0 && f.window === state.flowWindow);
  $('flows-window').textContent = FLOW_WINDOWS[state.flowWindow] || state.flowWindow;
  $('flows-empty').hidden = flows.length > 0;
  $('flows-empty').textContent = `No customer moved between segments in ${FLOW_WINDOWS[state.flowWindow] || state.flowWindow}.`;
  if (flows.length === 0) { svg.innerHTML = ''; svg.style.display = 'none'; return; }
  svg.style.display = '';
  const width = svg.clientWidth || 500, height = svg.clientHeight || 250, pad = 14;
  const from = [...new Set(flows.map(f => f.from))], to = [...new Set(flows.map(f => f.to))];
  const y = (list, name) => pad + (list.indexOf(name) + 0.5) * (height - 2 * pad) / list.length;
  const max = Math.max(...flows.map(f => f.count));
  const side = Math.min(170, width / 3), left = side, right = width - side;
  const bands = flows.map(f => {
    const y1 = y(from, f.from), y2 = y(to, f.to), w = 2 + 16 * f.count / max, mid = (left + right) / 2;
    return `<path d="M${left},${y1} C${mid},${y1} ${mid},${y2} ${right},${y2}" stroke="${palette[from.indexOf(f.from) % palette.length]}"
      stroke-opacity=".55" stroke-width="${w.toFixed(1)}" fill="none"><title>${esc(segmentName(f.from))} → ${esc(segmentName(f.to))}: ${f.count} in ${esc(FLOW_WINDOWS[f.window] || f.window)}</title></path>`;
  }).join('');
  // Names longer than their side are shortened; the full name is on hover.
  const fit = Math.max(6, Math.floor((side - 10) / 6.3));
  const label = (n, x, anchor) => {
    const name = segmentName(n), shown = name.length > fit ? `${name.slice(0, fit - 1)}…` : name;
    return `<text x="${x}" y="${y(anchor === 'end' ? from : to, n) + 4}" text-anchor="${anchor}"><title>${esc(name)}</title>${esc(shown)}</text>`;
  };
  const labels = from.map(n => label(n, left - 6, 'end')).join('') + to.map(n => label(n, right + 6, 'start')).join('')
    + flows.map(f => `<text x="${(left + right) / 2}" y="${(y(from, f.from) + y(to, f.to)) / 2 - 3}" text-anchor="middle" class="flow-count">${f.count}</text>`).join('');
  svg.innerHTML = bands + labels;
}

// The first connection retries with a growing delay (1 s, 2 s, … 30 s) and says so; later drops are SignalR's
// automatic reconnect.
let attempts = 0;
async function connect() {
  const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/dashboard').withAutomaticReconnect().build();
  connection.on('snapshot', onSnapshot);
  connection.on('update', onUpdate);
  connection.onreconnecting(() => { $('connection').textContent = 'reconnecting…'; });
  connection.onreconnected(() => { $('connection').textContent = 'live'; connection.invoke('Subscribe'); });
  connection.onclose(() => { $('connection').textContent = 'disconnected: reload the page'; });
  try {
    await connection.start();
    attempts = 0;
    $('connection').textContent = 'live';
  } catch (e) {
    const delay = Math.min(30, 2 ** attempts++);
    $('connection').textContent = `cannot connect (${e.message}): is the server running? retrying in ${delay} s (attempt ${attempts})…`;
    setTimeout(connect, delay * 1000);
  }
}

connect();

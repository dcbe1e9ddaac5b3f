// Agent console: looks a caller up through /api/customers/lookup, then watches them on the dashboard hub so the
// view follows their events while it is on screen.
'use strict';

const $ = id => document.getElementById(id);
const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const num = (n, digits = 1) => Number(n).toFixed(digits);
// Protobuf enum names without their prefix, lower case: LIFECYCLE_STAGE_ASSURED_PROSPECT → assured prospect.
const enumName = (value, prefix) => String(value || '').replace(prefix, '').toLowerCase().replace(/_/g, ' ') || '–';
const when = ts => ts ? new Date(ts).toLocaleString() : '–';
let watched = null, explanation = null;
// Interaction types as an agent reads them: "email_opened" → "email opened"; a traits event updates the profile.
const interactionName = type => type === 'traits' ? 'profile updated' : String(type || '').replace(/_/g, ' ');

const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/dashboard').withAutomaticReconnect().build();
connection.on('customer', message => {
  if (message.customerId !== watched) return;
  if (message.view) renderView(message.view); else showMessage(`Customer ${watched} no longer exists (erased?).`, true);
  refreshExplanation();
});
connection.on('snapshot', () => {});
connection.on('update', () => {});
connection.onreconnected(() => { if (watched) watch(); $('connection').textContent = 'live'; });
connection.onreconnecting(() => { $('connection').textContent = 'reconnecting…'; });
connection.onclose(() => { $('connection').textContent = 'not live: reload the page to follow the customer again'; });

// The first connection retries with a growing delay (1 s, 2 s, … 30 s) and says so; look-ups work meanwhile.
async function connect(attempt = 0) {
  try {
    await connection.start();
    $('connection').textContent = 'live';
    if (watched) watch();
  } catch (e) {
    const delay = Math.min(30, 2 ** attempt);
    $('connection').textContent = `not live (${e.message}): look-ups work but will not update by themselves; retrying in ${delay} s (attempt ${attempt + 1})…`;
    setTimeout(() => connect(attempt + 1), delay * 1000);
  }
}
connect();

// Watch answers with the current view; from then on the hub pushes the customer's changes.
async function watch() {
  const id = watched;
  try {
    const payload = await connection.invoke('Watch', id);
    if (id !== watched) return;
    if (payload?.view) renderView(payload.view);
    $('customer').dataset.live = id;
  } catch (e) {
    $('connection').textContent = `not following ${id} live: ${e.message}`;
  }
}

function showMessage(text, isError) {
  const message = $('message');
  message.textContent = text;
  message.className = isError ? 'error' : 'empty';
  message.hidden = false;
}

async function fetchCustomer(query, by = 'auto') {
  const response = await fetch(`/api/customers/lookup?q=${encodeURIComponent(query)}&by=${encodeURIComponent(by)}`);
  const json = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
  if (!response.ok) throw new Error(json.error || `The server answered ${response.status}.`);
  return json;
}

// Stops following the customer on screen and hides them: a failed look-up must not leave the previous caller
// looking current.
function forget() {
  if (watched && connection.state === 'Connected') connection.invoke('Unwatch', watched).catch(() => {});
  watched = null;
  explanation = null;
  $('customer').hidden = true;
  delete $('customer').dataset.live;
}

async function lookup(query, by) {
  query = query.trim();
  if (!query) { showMessage('Type a customer id, email or phone number.', true); return; }
  showMessage('Looking up…', false);
  try {
    const { view, explanation: why, matchedBy } = await fetchCustomer(query, by);
    if (watched !== view.customerId) forget();
    watched = view.customerId;
    explanation = why;
    $('message').hidden = true;
    renderView(view);
    renderExplanation(why);
    $('matched-by').textContent = `found by ${matchedBy}`;
    history.replaceState(null, '', `/agent/?q=${encodeURIComponent(query)}${by !== 'auto' ? `&by=${by}` : ''}`);
    if (connection.state === 'Connected') watch();
  } catch (e) {
    forget();
    showMessage(`${e.message} (nothing shown: the previous customer is no longer followed.)`, true);
  }
}

async function refreshExplanation() {
  const id = watched;
  try {
    const { explanation: why } = await fetchCustomer(id, 'id');
    if (id === watched) renderExplanation(why);
  } catch { /* the view itself says what is wrong */ }
}

function renderView(v) {
  $('customer').hidden = false;
  const traits = v.traits || {};
  $('customer-name').textContent = `${traits.name || v.customerId} · ${v.customerId}`;
  $('score').textContent = num(v.score);
  $('grade').textContent = v.grade || '–';
  $('routing').textContent = `${v.tier || '–'} → ${v.routing || 'default queue'}`;
  $('stage').textContent = enumName(v.stage, 'LIFECYCLE_STAGE_');
  $('segments').textContent = v.segments.length ? v.segments.join(', ') : 'none';
  const rfm = v.rfm || {};
  $('rfm').textContent = `R ${rfm.recencyScore}/5 (${rfm.recencyDays < 0 ? 'no purchase' : `${num(rfm.recencyDays, 0)} d`}) · F ${rfm.frequencyScore}/5 (${rfm.frequency}) · M ${rfm.monetaryScore}/5 (${num(rfm.monetary, 2)})`;
  $('cltv').textContent = `${num(v.cltv, 2)} / ${num(v.averageBasket, 2)}`;
  const phone = v.channels.find(c => c.channel === 'CHANNEL_PHONE');
  const callAllowed = phone ? phone.allowedNow : !v.suppressions.some(s => s.channel === 'CHANNEL_PHONE' || s.channel === 'CHANNEL_UNSPECIFIED');
  $('call-allowed').innerHTML = callAllowed
    ? '<b class="ok">Yes, a call is allowed now</b>'
    : `<b class="error">No call now</b> ${phone ? `(${esc(enumName(phone.reason, 'DENY_REASON_'))}${phone.nextAllowedAt ? `, next ${esc(when(phone.nextAllowedAt))}` : ''})` : ''}`;
  const events = Number(v.events);
  $('updated').textContent = `${when(v.updatedAt)} · ${events} event${events === 1 ? '' : 's'} · ruleset v${v.rulesetVersion}`;
  $('interactions').innerHTML = v.lastInteractions.length
    ? v.lastInteractions.map(i => `<tr><td class="muted">${esc(when(i.at))}</td><td>${esc(interactionName(i.type))}</td><td>${esc(i.summary) || `<span class="muted">${i.type === 'traits' ? 'profile details received' : 'no detail'}</span>`}</td></tr>`).join('')
    : '<tr><td class="empty">No interaction yet.</td></tr>';
  $('suppressions').innerHTML = v.suppressions.length
    ? `<ul>${v.suppressions.map(s => `<li><b>${esc(enumName(s.channel, 'CHANNEL_').replace('unspecified', 'all channels'))}</b>: ${esc(enumName(s.reason, 'DENY_REASON_'))}${s.detail ? ` — ${esc(s.detail)}` : ''}, until ${s.until ? esc(when(s.until)) : 'lifted'}</li>`).join('')}</ul>`
    : '<p class="empty">No open suppression.</p>';
  $('channels').innerHTML = v.channels.map(c => `<tr><td>${esc(enumName(c.channel, 'CHANNEL_'))}</td><td class="${c.allowedNow ? 'ok' : 'error'}">${c.allowedNow ? 'allowed' : esc(enumName(c.reason, 'DENY_REASON_'))}</td><td class="muted">${c.usedToday}/${c.capToday || '∞'} today</td></tr>`).join('');
}

// Per group, the rules that gave (or took) points first; the others are folded away, counted.
function renderExplanation(why) {
  if (!why) return;
  const groups = why.groups.filter(g => g.rules.length > 0);
  const ruleRow = r => `<tr><td>${esc(r.description || r.ruleId)}</td><td class="num">${r.times}×</td><td class="num"><b>${r.points >= 0 ? '+' : ''}${num(r.points)}</b></td></tr>`;
  $('explanation').innerHTML = (groups.length ? groups.map(g => {
    const gave = g.rules.filter(r => Number(r.times) > 0 || Number(r.points) !== 0);
    const idle = g.rules.filter(r => !gave.includes(r));
    return `
    <h3>${esc(g.group)} <span class="muted">${num(g.points)} pts${g.clipped > 0 ? ` (capped at ${num(g.cap)}, −${num(g.clipped)})` : ''}</span></h3>
    ${gave.length ? `<table class="rules contributing">${gave.map(ruleRow).join('')}</table>` : '<p class="empty">No rule of this group applied.</p>'}
    ${idle.length ? `<details class="idle-rules"><summary class="muted">${idle.length} other rule${idle.length === 1 ? '' : 's'} gave no points</summary><table class="rules">${idle.map(ruleRow).join('')}</table></details>` : ''}`;
  }).join('')
    : '<p class="empty">No rule gave points yet.</p>')
    + `<p id="explanation-total">Groups ${num(why.groupsTotal)}${why.clippedByTotalCap > 0 ? ` − cap ${num(why.clippedByTotalCap)}` : ''}${why.decayRemoved > 0 ? ` − decay ${num(why.decayRemoved)}` : ''} = <b>${num(why.score)}</b> (grade ${esc(why.grade)})</p>`;
}

$('lookup').addEventListener('submit', e => { e.preventDefault(); lookup($('query').value, $('by').value); });
const params = new URLSearchParams(location.search);
const initial = params.get('q');
if (['id', 'email', 'phone'].includes(params.get('by'))) $('by').value = params.get('by');
if (initial) { $('query').value = initial; lookup(initial, $('by').value); }

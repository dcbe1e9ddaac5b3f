// The rules panel: shows the active ruleset, validates the edited candidate as you type (debounced), previews it
// against the live customers and publishes it only after an explicit confirmation. The candidate keeps the version
// it was based on: if someone else publishes meanwhile, the page says so and a publish is refused (409) until the
// user deliberately rebases onto the new version.
'use strict';

(() => {
  const $ = id => document.getElementById(id);
  const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const editor = $('rules-editor'), gutter = $('rules-gutter'), status = $('rules-status');
  // active: the server's latest ruleset; base: the one the candidate was started from (publish expects its version).
  let active = null, base = null, validateTimer = 0, validateSeq = 0, publishing = false;

  async function post(path, body) {
    const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
    if (!response.ok) throw new Error(json.error || `The server answered ${response.status}.`);
    return json;
  }

  function drawGutter(errorLines = new Set()) {
    const text = editor.value.split('\n'), lines = text.length;
    editor.rows = lines + 1;
    // As wide as the longest line (tabs count as up to 8): the editor box scrolls sideways, nothing is cut off.
    const longest = Math.max(...text.map(l => l.length + 7 * (l.match(/\t/g) || []).length));
    editor.style.minWidth = `calc(${longest + 2}ch + .8rem)`;
    gutter.innerHTML = Array.from({ length: lines }, (_, i) =>
      `<span data-line="${i + 1}"${errorLines.has(i + 1) ? ' class="error-line"' : ''}>${i + 1}</span>`).join('');
  }

  function showValidation(validation) {
    const errors = validation.errors || [];
    drawGutter(new Set(errors.map(e => e.line)));
    $('rules-errors').innerHTML = errors.map(e =>
      `<li class="error" data-line="${e.line}" data-column="${e.column}">Line ${e.line}, column ${e.column}${e.rule ? ` (${esc(e.rule)})` : ''}: ${esc(e.message)}</li>`).join('');
    const dirty = base && editor.value !== base.yaml;
    status.className = validation.valid ? 'ok' : 'error';
    status.textContent = validation.valid
      ? (dirty ? 'Valid. Preview it to see what would change, then publish.' : 'This is the active ruleset.')
      : `${errors.length} error${errors.length === 1 ? '' : 's'}: fix ${errors.length === 1 ? 'it' : 'them'} before previewing.`;
    $('rules-preview').disabled = $('rules-publish').disabled = !validation.valid || !dirty;
  }

  async function validate() {
    const seq = ++validateSeq;
    try {
      const validation = await post('/api/rules/validate', { yaml: editor.value });
      if (seq === validateSeq) showValidation(validation);
    } catch (e) {
      status.className = 'error';
      status.textContent = `Could not validate: ${e.message}`;
    }
  }

  async function loadActive() {
    try {
      const response = await fetch('/api/rules');
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      active = await response.json();
      active.version = Number(active.version);   // int64 arrives as a string in protobuf JSON
      $('rules-active').textContent = `active: v${active.version}${active.publishedBy ? ` by ${active.publishedBy}` : ''}`;
      window.dispatchEvent(new CustomEvent('ruleset-grades', { detail: active.grades || [] }));
      return active;
    } catch (e) {
      status.className = 'error';
      status.textContent = `Could not load the active ruleset (${e.message}): reload the page when the server is up.`;
      return null;
    }
  }

  function changeTable(title, changes) {
    if (!changes || changes.length === 0) return '';
    return `<h3>${title}</h3><table><tr><th></th><th>Before</th><th>After</th></tr>${changes.map(({ key, before, after }) => ({ key, before: Number(before), after: Number(after) })).map(c =>
      `<tr><td>${esc(c.key)}</td><td>${c.before}</td><td>${c.after}${c.after !== c.before ? ` <span class="muted">(${c.after > c.before ? '+' : ''}${c.after - c.before})</span>` : ''}</td></tr>`).join('')}</table>`;
  }

  async function preview() {
    const target = $('rules-preview-result');
    target.innerHTML = '<p class="muted">Evaluating the candidate against every customer…</p>';
    try {
      const result = await post('/api/rules/preview', { yaml: editor.value, maxMovers: 50 });
      if (!result.validation.valid) { showValidation(result.validation); target.innerHTML = ''; return; }
      const movers = result.movers || [];
      target.innerHTML = `<p id="preview-summary">${result.customersChanged} of ${result.customersEvaluated} customers would change.</p>`
        + changeTable('Grades', result.grades) + changeTable('Segments', result.segments) + changeTable('Stages', result.stages)
        + (movers.length ? `<h3>Movers</h3><div class="scroll"><table id="movers"><tr><th>Customer</th><th>Score</th><th>Grade</th><th>Segments</th></tr>${movers.map(m =>
          `<tr><td><a href="/agent?q=${encodeURIComponent(m.customerId)}&by=id">${esc(m.customerId)}</a></td><td>${m.scoreBefore.toFixed(1)} → ${m.scoreAfter.toFixed(1)}</td>
           <td>${esc(m.gradeBefore)} → ${esc(m.gradeAfter)}</td>
           <td>${m.segmentsEntered.map(s => `+${esc(s)}`).concat(m.segmentsLeft.map(s => `−${esc(s)}`)).join(' ')}</td></tr>`).join('')}</table></div>`
          : '<p class="muted">No customer would move.</p>');
    } catch (e) {
      target.innerHTML = `<p class="error">Preview failed: ${esc(e.message)}</p>`;
    }
  }

  async function publish() {
    if (!base || !confirm(`Publish this ruleset as v${base.version + 1}? Every customer is re-evaluated at once.`)) return;
    publishing = true;
    try {
      const result = await post('/api/rules/publish', { yaml: editor.value, expectedVersion: base.version });
      if (!result.validation.valid) { showValidation(result.validation); return; }
      await loadActive();
      startFrom(active);
      editor.value = active.yaml;
      status.className = 'ok';
      status.textContent = `Published v${result.version}.`;
      $('rules-preview-result').innerHTML = '';
      $('rules-preview').disabled = $('rules-publish').disabled = true;
      drawGutter();
      editor.parentElement.scrollTop = 0;
    } catch (e) {
      status.className = 'error';
      status.textContent = `Not published: ${e.message}`;
    } finally {
      publishing = false;
    }
  }

  function startFrom(ruleset) {
    base = ruleset;
    $('rules-base').textContent = `Editing from v${ruleset.version}.`;
    $('rules-stale').hidden = true;
  }

  // Line differences between two documents, as removed ("−") and added ("+") lines with their line numbers: the
  // common head and tail are skipped, the middle is matched line by line (longest common subsequence) when small.
  function diffLines(before, after) {
    const a = before.split('\n'), b = after.split('\n');
    let head = 0, tail = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) head++;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
    const x = a.slice(head, a.length - tail), y = b.slice(head, b.length - tail);
    const removed = i => ({ sign: '−', line: head + i + 1, text: x[i] }), added = j => ({ sign: '+', line: head + j + 1, text: y[j] });
    if (x.length * y.length > 1_000_000) return [...x.map((_, i) => removed(i)), ...y.map((_, j) => added(j))];
    const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
    for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    const out = [];
    let i = 0, j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) { i++; j++; }
      else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(removed(i++));
      else out.push(added(j++));
    }
    return out;
  }

  // Someone else published while the candidate was edited: the candidate stays based on the old version.
  function showStale() {
    const changes = diffLines(base.yaml, active.yaml);
    $('rules-stale').hidden = false;
    $('rules-stale-text').textContent = `v${active.version} was published${active.publishedBy ? ` by ${active.publishedBy}` : ' by someone else'} while you edited from v${base.version}; your preview is stale. Review the differences, then rebase your edit onto v${active.version} or reset to it. Publishing now is refused.`;
    $('rules-stale-diff').textContent = changes.length
      ? changes.map(c => `${c.sign} ${c.line}: ${c.text}`).join('\n')
      : `v${active.version} has the same text as v${base.version}.`;
    const preview = $('rules-preview-result');
    if (preview.innerHTML) preview.insertAdjacentHTML('afterbegin', '<p class="warning">Stale: this preview was computed against an older active ruleset.</p>');
  }

  editor.addEventListener('input', () => {
    drawGutter();
    status.className = 'muted';
    status.textContent = 'Validating…';
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, 300);
  });
  $('rules-errors').addEventListener('click', e => {
    const line = Number(e.target.closest('li')?.dataset.line);
    if (!line) return;
    const offset = editor.value.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    editor.focus();
    editor.setSelectionRange(offset, offset);
  });
  $('rules-preview').addEventListener('click', preview);
  $('rules-publish').addEventListener('click', publish);
  $('rules-reset').addEventListener('click', () => {
    if (!active) return;
    startFrom(active);
    editor.value = active.yaml; drawGutter(); validate(); $('rules-preview-result').innerHTML = '';
  });
  $('rules-rebase').addEventListener('click', () => {
    if (!active) return;
    startFrom(active);
    $('rules-preview-result').innerHTML = '';
    validate();
  });
  // A new version on the dashboard's header: reload it; an untouched editor follows it, an edited one is marked stale.
  let following = Promise.resolve();
  window.addEventListener('ruleset-version', e => {
    following = following.then(async () => {
      if (publishing || !active || e.detail === active.version) return;
      const editing = base && editor.value !== base.yaml;
      if (!await loadActive()) return;
      if (!editing) { startFrom(active); editor.value = active.yaml; drawGutter(); validate(); }
      else if (active.version !== base.version) showStale();
    });
  });

  loadActive().then(a => { if (a) { startFrom(a); editor.value = a.yaml; drawGutter(); validate(); } });
})();

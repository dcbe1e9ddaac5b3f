// The rules panel: shows the active ruleset, validates the edited candidate as you type (debounced), previews it
// against the live customers and publishes it only after an explicit confirmation.
'use strict';

(() => {
  const $ = id => document.getElementById(id);
  const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const editor = $('rules-editor'), gutter = $('rules-gutter'), status = $('rules-status');
  let active = null, validateTimer = 0, validateSeq = 0;

  async function post(path, body) {
    const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
    if (!response.ok) throw new Error(json.error || `The server answered ${response.status}.`);
    return json;
  }

  function drawGutter(errorLines = new Set()) {
    const lines = editor.value.split('\n').length;
    editor.rows = lines + 1;
    gutter.innerHTML = Array.from({ length: lines }, (_, i) =>
      `<span data-line="${i + 1}"${errorLines.has(i + 1) ? ' class="error-line"' : ''}>${i + 1}</span>`).join('');
  }

  function showValidation(validation) {
    const errors = validation.errors || [];
    drawGutter(new Set(errors.map(e => e.line)));
    $('rules-errors').innerHTML = errors.map(e =>
      `<li class="error" data-line="${e.line}" data-column="${e.column}">Line ${e.line}, column ${e.column}${e.rule ? ` (${esc(e.rule)})` : ''}: ${esc(e.message)}</li>`).join('');
    const dirty = active && editor.value !== active.yaml;
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
          `<tr><td><a href="/agent?q=${encodeURIComponent(m.customerId)}">${esc(m.customerId)}</a></td><td>${m.scoreBefore.toFixed(1)} → ${m.scoreAfter.toFixed(1)}</td>
           <td>${esc(m.gradeBefore)} → ${esc(m.gradeAfter)}</td>
           <td>${m.segmentsEntered.map(s => `+${esc(s)}`).concat(m.segmentsLeft.map(s => `−${esc(s)}`)).join(' ')}</td></tr>`).join('')}</table></div>`
          : '<p class="muted">No customer would move.</p>');
    } catch (e) {
      target.innerHTML = `<p class="error">Preview failed: ${esc(e.message)}</p>`;
    }
  }

  async function publish() {
    if (!active || !confirm(`Publish this ruleset as v${active.version + 1}? Every customer is re-evaluated at once.`)) return;
    try {
      const result = await post('/api/rules/publish', { yaml: editor.value, expectedVersion: active.version });
      if (!result.validation.valid) { showValidation(result.validation); return; }
      await loadActive();
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
    }
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
  $('rules-reset').addEventListener('click', () => { if (active) { editor.value = active.yaml; drawGutter(); validate(); $('rules-preview-result').innerHTML = ''; } });
  // Someone else published: say so, and keep the candidate being edited.
  window.addEventListener('ruleset-version', async e => {
    if (active && e.detail !== Number(active.version)) {
      const editing = editor.value !== active.yaml;
      await loadActive();
      if (!editing) { editor.value = active.yaml; drawGutter(); }
    }
  });

  loadActive().then(a => { if (a) { editor.value = a.yaml; drawGutter(); validate(); } });
})();

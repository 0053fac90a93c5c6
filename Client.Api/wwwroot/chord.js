// One chord: live progress over its event stream, the body's result, the poster tiles and a paged task table.
(function () {
  'use strict';
  const C = window.Chord;
  const { $, el, setText } = C;

  const TASK_PAGE = 50;
  const MAX_TILES = 256;
  const MAX_FAILURES_SHOWN = 100;
  const MAX_RESULT_CHARS = 100000;

  const id = new URLSearchParams(location.search).get('id') || '';
  const askedState = new URLSearchParams(location.search).get('state'); // e.g. from the Failures view: state=failed
  const following = new URLSearchParams(location.search).get('follow') === '1'; // go on to the next link once this one is final
  if (askedState && [...$('#task-state').options].some((o) => o.value === askedState)) $('#task-state').value = askedState;
  const base = `/chords/${encodeURIComponent(id)}`;

  let chord = null; // newest snapshot shown
  let gotDone = false;

  // ---- Chord ----

  function render(next) {
    if (chord && chord.version >= next.version) return;
    const previous = chord;
    chord = next;

    document.title = `Chord ${chord.id} · ${chord.status}`;
    setText($('#chord-id'), chord.id);
    setText($('#chord-status'), chord.status);
    C.setAttr($('#chord-status'), 'data-status', chord.status);
    C.updateBar($('#progress-bar'), chord.tasks);
    setText($('#counts'), C.countsText(chord.tasks));
    setText($('#rate'), C.rateText(chord));
    setText($('#created-at'), C.fmtTime(chord.createdAt));
    setText($('#tasks-finished-at'), C.fmtTime(chord.tasksFinishedAt));
    const took = chord.finishedAt ? ` (took ${C.fmtDuration((new Date(chord.finishedAt) - new Date(chord.createdAt)) / 1000)})` : '';
    setText($('#finished-at'), C.fmtTime(chord.finishedAt) + took);
    $('#cancel').hidden = C.isFinal(chord);
    $('#redrive').hidden = chord.status !== 'failed' && chord.status !== 'cancelled';
    setText($('#redrives'), C.fmtNum(chord.redrives || 0));
    setText($('#options'), optionsText(chord.options));
    setText($('#labels'), Object.entries(chord.labels || {}).map(([k, v]) => `${k}: ${v}`).join(', ') || '—');
    renderChain(chord);

    renderBody(chord.body || {}, previous && previous.body);
    renderFailures(chord.failures || []);
  }

  // The links of its chain: the chord that submitted it, the one it submitted (then or onFailure), or why it could not.
  // Going back stops following (else the page would go on to this chord again at once).
  function chainLink(node, target, follow) {
    node.hidden = !target;
    if (target) node.href = `chord.html?id=${encodeURIComponent(target)}${follow ? '&follow=1' : ''}`;
  }

  function renderChain(c) {
    chainLink($('#chain-previous'), c.previous, false);
    chainLink($('#chain-next'), c.next, following);
    $('#chain-none').hidden = Boolean(c.previous || c.next);
    setText($('#chain-error'), c.continuationError || '');
    if (following && c.next && C.isFinal(c)) location.replace($('#chain-next').href);
  }

  // A finished chord records its next link a moment after its final snapshot (the stream has ended by then): look again a few times.
  async function lookForNext(tries) {
    if (!chord || chord.next || chord.continuationError || tries <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      const { body } = await C.apiJson(base);
      render(body);
    } catch {
      // the next look may do better
    }
    lookForNext(tries - 1);
  }

  // The options in effect, in a line: only those that say something beyond the defaults' shape.
  function optionsText(options) {
    if (!options) return '—';
    const parts = [`priority ${options.priority || 'normal'}`];
    if (options.maxConcurrency) parts.push(`max concurrency ${C.fmtNum(options.maxConcurrency)}`);
    if (options.retry) parts.push(`task attempts ${options.retry.maxAttempts}`);
    if (options.bodyRetry) parts.push(`body attempts ${options.bodyRetry.maxAttempts}`);
    if (options.taskTimeoutMs) parts.push(`task timeout ${C.fmtNum(options.taskTimeoutMs)} ms`);
    if (options.heartbeatTimeoutMs) parts.push(`heartbeat timeout ${C.fmtNum(options.heartbeatTimeoutMs)} ms`);
    if (options.bodyTimeoutMs) parts.push(`body timeout ${C.fmtNum(options.bodyTimeoutMs)} ms`);
    if (options.toleratedFailures !== null && options.toleratedFailures !== undefined) parts.push(`tolerated failures ${C.fmtNum(options.toleratedFailures)}`);
    if (options.toleratedFailurePercent !== null && options.toleratedFailurePercent !== undefined) parts.push(`tolerated failures ${options.toleratedFailurePercent} %`);
    return parts.join(' · ');
  }

  function renderBody(body, before) {
    setText($('#body-status'), `${body.handler} · ${body.status} · ${C.fmtNum(body.attempts)} attempt${body.attempts === 1 ? '' : 's'}`);
    C.setAttr($('#body-status'), 'data-status', body.status);
    // The result and error only change with the status or attempts: skip re-serialising them on every event.
    if (before && before.status === body.status && before.attempts === body.attempts) return;

    const pre = $('#body-result');
    pre.hidden = body.status !== 'success';
    if (!pre.hidden) {
      const text = JSON.stringify(body.result, null, 2);
      setText(pre, text.length > MAX_RESULT_CHARS ? text.slice(0, MAX_RESULT_CHARS) + '\n…' : text);
    }
    const error = $('#body-error');
    error.hidden = !body.error;
    setText(error, body.error ? `${C.errorText(body.error)} (after ${C.fmtNum(body.error.attempts)} attempts)` : '');
    if (body.error && body.error.stackTrace) {
      error.append(el('details', { class: 'stack' }, el('summary', {}, 'stack trace'), el('pre', {}, body.error.stackTrace)));
    }

    const url = body.status === 'success' ? C.pngUrl(body.result) : null;
    const img = $('#poster-image');
    if (url) {
      img.hidden = false;
      C.loadImage(img, url);
    }
  }

  let failuresKey = '';
  function renderFailures(failures) {
    const key = failures.map((f) => f.index).join(',');
    if (key === failuresKey) return;
    failuresKey = key;
    $('#failures-section').hidden = failures.length === 0;
    const items = failures.slice(0, MAX_FAILURES_SHOWN).map((f) =>
      el('li', {}, el('strong', {}, `#${f.index}`), ` ${f.handler} — `, C.errorText(f.error),
        f.error && f.error.attempts ? el('span', { class: 'muted' }, ` (${f.error.attempts} attempts)`) : null));
    if (failures.length > MAX_FAILURES_SHOWN) items.push(el('li', { class: 'muted' }, `and ${C.fmtNum(failures.length - MAX_FAILURES_SHOWN)} more`));
    $('#failures').replaceChildren(...items);
    for (const f of failures) markTileFailed(f.index);
  }

  // ---- Tiles (poster demo) ----

  let tileCells = null; // index -> cell, when this chord is a poster with few enough tiles

  async function setUpTiles() {
    if (!chord || chord.tasks.total < 1 || chord.tasks.total > MAX_TILES) return;
    try {
      const { body } = await C.apiJson(`${base}/tasks?limit=1`);
      if (!body.items.length || body.items[0].handler !== 'render-tile') return;
    } catch {
      return; // purged or unavailable: the tiles are only a nicety
    }
    const total = chord.tasks.total;
    const grid = $('#tiles');
    grid.style.gridTemplateColumns = `repeat(${Math.max(1, Math.round(Math.sqrt(total)))}, 1fr)`;
    tileCells = [];
    for (let i = 0; i < total; i++) {
      const cell = el('div', { class: 'tile', title: `Tile ${i}`, 'data-index': i });
      tileCells.push(cell);
    }
    grid.replaceChildren(...tileCells);
    $('#tiles-section').hidden = false;
    for (const f of chord.failures || []) markTileFailed(f.index);
    refreshTiles();
  }

  function markTileFailed(index) {
    const cell = tileCells && tileCells[index];
    if (cell) cell.classList.add('failed');
  }

  async function loadTiles() {
    if (!tileCells) return;
    let offset = 0;
    while (offset !== null && offset !== undefined) {
      const { body } = await C.apiJson(`${base}/tasks?state=succeeded&limit=${MAX_TILES}&offset=${offset}`);
      for (const task of body.items) {
        const cell = tileCells[task.index];
        const url = C.pngUrl(task.result);
        if (!cell || !url || cell.classList.contains('done')) continue;
        cell.classList.add('done');
        const img = el('img', { alt: `Tile ${task.index}` });
        cell.append(img);
        C.loadImage(img, url);
      }
      offset = body.next;
    }
  }

  const refreshTiles = C.throttle(loadTiles, 1000);

  // ---- Task table ----

  let taskOffset = 0;
  let taskNext = null;
  let taskSeq = 0;

  async function loadTasks() {
    const seq = ++taskSeq;
    const state = $('#task-state').value;
    const query = new URLSearchParams({ offset: String(taskOffset), limit: String(TASK_PAGE) });
    if (state) query.set('state', state);
    const errorBox = $('#tasks-error');
    try {
      const { body } = await C.apiJson(`${base}/tasks?${query}`);
      if (seq !== taskSeq) return; // the user moved on while this page loaded
      errorBox.hidden = true;
      renderTasks(body);
    } catch (error) {
      if (seq !== taskSeq) return;
      const problem = C.problemOf(error);
      // 410: the task records were purged; the server's detail says so.
      setText(errorBox, problem.status === 410 ? problem.detail || problem.title : `${problem.title}${problem.detail ? ' — ' + problem.detail : ''}`);
      errorBox.hidden = false;
      if (problem.status === 410) {
        $('#tasks tbody').replaceChildren();
        taskNext = null;
        updatePager(null);
      }
    }
  }

  const refreshTasks = C.throttle(loadTasks, 2000);

  function cellText(text, title) {
    return el('td', { title: title || undefined }, text);
  }

  // A failed task's cell: its error, and its stack trace to unfold when the handler threw.
  function resultCell(task, full) {
    const cell = el('td', { class: task.error ? 'error cell-text' : 'cell-text', title: C.truncate(full, 2000) }, C.truncate(full, 80));
    if (task.error && task.error.stackTrace) {
      cell.append(el('details', { class: 'stack' }, el('summary', {}, 'stack trace'), el('pre', {}, task.error.stackTrace)));
    }
    return cell;
  }

  function renderTasks(page) {
    taskNext = page.next;
    const rows = page.items.map((task) => {
      const full = task.error ? C.errorText(task.error) : task.result === null || task.result === undefined ? '' : JSON.stringify(task.result);
      const stateCell = el('td', {}, el('span', { class: 'badge', 'data-status': task.state }, task.state));
      const beat = task.heartbeat === null || task.heartbeat === undefined ? '' : JSON.stringify(task.heartbeat);
      const beatCell = el('td', { class: 'cell-text heartbeat', title: task.heartbeatAt ? `${C.truncate(beat, 2000)} at ${C.fmtTime(task.heartbeatAt)}` : '' },
        beat ? `${C.truncate(beat, 60)} · ${new Date(task.heartbeatAt).toLocaleTimeString()}` : '—');
      return el('tr', { 'data-index': task.index },
        cellText(task.index),
        cellText(task.handler),
        stateCell,
        cellText(C.fmtNum(task.attempts)),
        resultCell(task, full),
        beatCell,
        cellText(task.startedAt ? new Date(task.startedAt).toLocaleTimeString() : '—', task.startedAt ? C.fmtTime(task.startedAt) : ''),
        cellText(task.finishedAt ? new Date(task.finishedAt).toLocaleTimeString() : '—', task.finishedAt ? C.fmtTime(task.finishedAt) : ''));
    });
    if (!rows.length) rows.push(el('tr', {}, el('td', { colSpan: 8, class: 'muted' }, 'No tasks on this page.')));
    $('#tasks tbody').replaceChildren(...rows);
    updatePager(page);
  }

  function updatePager(page) {
    setText($('#tasks-total'), page ? `total ${C.fmtNum(page.total)}` : '');
    setText($('#tasks-page'), page && page.items.length
      ? `#${C.fmtNum(page.items[0].index)}–#${C.fmtNum(page.items[page.items.length - 1].index)}`
      : '');
    $('#tasks-next').disabled = taskNext === null || taskNext === undefined;
    $('#tasks-first').disabled = taskOffset === 0;
  }

  $('#task-state').addEventListener('change', () => {
    taskOffset = 0;
    loadTasks();
  });
  $('#tasks-first').addEventListener('click', () => {
    taskOffset = 0;
    loadTasks();
  });
  $('#tasks-next').addEventListener('click', () => {
    if (taskNext === null || taskNext === undefined) return;
    taskOffset = taskNext;
    loadTasks();
  });

  // ---- Cancel ----

  $('#cancel').addEventListener('click', async () => {
    const button = $('#cancel');
    const message = $('#cancel-message');
    button.disabled = true;
    setText(message, 'Cancelling…');
    try {
      const { body } = await C.apiJson(`${base}/cancel`, { method: 'POST' });
      setText(message, body.message);
      if (body.chord) render(body.chord);
    } catch (error) {
      const problem = C.problemOf(error);
      setText(message, `${problem.title}${problem.detail ? ' — ' + problem.detail : ''}`);
    } finally {
      button.disabled = false;
    }
  });

  // ---- Redrive ----

  $('#redrive').addEventListener('click', async () => {
    const button = $('#redrive');
    const message = $('#cancel-message');
    button.disabled = true;
    setText(message, 'Redriving…');
    try {
      const { body } = await C.apiJson(`${base}/redrive`, { method: 'POST' });
      setText(message, `Redriven (redrive ${C.fmtNum(body.redrives)}): its failed and never-run tasks run again.`);
      render(body);
      gotDone = false;
      watch(); // the event stream ended with the chord; it runs again
    } catch (error) {
      const problem = C.problemOf(error);
      setText(message, `${problem.title}${problem.detail ? ' — ' + problem.detail : ''}`);
    } finally {
      button.disabled = false;
    }
  });

  // ---- Live updates ----

  function onEvent(type, data) {
    if (type !== 'progress' && type !== 'done') return;
    let next;
    try {
      next = JSON.parse(data);
    } catch {
      return;
    }
    if (type === 'done') gotDone = true;
    render(next);
    if (type === 'done') lookForNext(10);
    // Throttled: the table and tiles follow the chord without a request per event, and get one more at the end.
    refreshTasks();
    if (tileCells) refreshTiles();
  }

  function showNotFound(text) {
    $('#load-message').hidden = true;
    $('#chord-view').hidden = true;
    const box = $('#not-found');
    box.replaceChildren(el('strong', {}, text), ' ', el('a', { href: '/' }, 'Back to all chords'));
    box.hidden = false;
  }

  let stream = null;
  function watch() {
    if (stream) stream.close();
    stream = C.openEventStream(() => base + '/events', {
      onEvent,
      shouldReconnect: () => !gotDone && !(chord && C.isFinal(chord)),
      onError(problem) {
        if (problem.status === 404) showNotFound(`There is no chord “${id}”.`);
      },
    });
  }

  async function start() {
    if (!id) {
      showNotFound('No chord id given: open this page as chord.html?id=<chord id>.');
      return;
    }
    try {
      const { body } = await C.apiJson(base);
      render(body);
      if (C.isFinal(body)) lookForNext(3);
    } catch (error) {
      const problem = C.problemOf(error);
      if (problem.status === 404) showNotFound(`There is no chord “${id}”.`);
      else showNotFound(`Could not load chord “${id}”: ${problem.title}${problem.detail ? ' — ' + problem.detail : ''}`);
      return;
    }
    $('#load-message').hidden = true;
    $('#chord-view').hidden = false;

    watch();
    refreshTasks();
    setUpTiles();
  }

  start();
})();

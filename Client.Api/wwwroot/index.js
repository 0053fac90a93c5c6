// The chord list (one shared event stream for all live rows), the poster form and the JSON form.
(function () {
  'use strict';
  const C = window.Chord;
  const { $, el, setText } = C;

  const LIST_LIMIT = 100;
  const REFRESH_MS = 5000;

  const list = $('#chords');
  const filter = $('#status-filter');
  const labelFilter = $('#label-filter');
  const rows = new Map(); // chord id -> { el, parts, chord }

  // ---- Rows ----

  function createRow(id) {
    const parts = {
      link: el('a', { class: 'chord-id', href: `chord.html?id=${encodeURIComponent(id)}` }, id),
      status: el('span', { class: 'chord-status badge' }),
      created: el('span', { class: 'chord-created muted' }),
      bar: C.createBar(`Progress of chord ${id}`),
      counts: el('span', { class: 'chord-counts' }),
      rate: el('span', { class: 'chord-rate muted' }),
      bodyStatus: el('span', { class: 'chord-body-status badge' }),
      bodyResult: el('code', { class: 'chord-body-result' }),
      thumbLink: el('a', { class: 'thumb', target: '_blank', rel: 'noopener', hidden: true }),
      labels: el('span', { class: 'chord-labels' }),
    };
    parts.thumb = el('img', { alt: 'Result image', width: 48, height: 48, loading: 'lazy' });
    parts.thumbLink.append(parts.thumb);
    const row = el('li', { class: 'chord', 'data-chord-id': id },
      el('div', { class: 'chord-head' }, parts.link, parts.status, parts.created, parts.labels),
      parts.bar,
      el('div', { class: 'chord-meta' }, parts.counts, parts.rate),
      el('div', { class: 'chord-body' }, 'body ', parts.bodyStatus, ' ', parts.thumbLink, parts.bodyResult));
    return { el: row, parts, chord: null };
  }

  function renderRow(row, chord) {
    const { parts } = row;
    row.chord = chord;
    C.setAttr(row.el, 'data-status', chord.status);
    setText(parts.status, chord.status);
    C.setAttr(parts.status, 'data-status', chord.status);
    setText(parts.created, C.fmtTime(chord.createdAt));
    renderLabels(parts.labels, chord.labels);
    C.updateBar(parts.bar, chord.tasks);
    setText(parts.counts, C.countsText(chord.tasks));
    setText(parts.rate, C.rateText(chord));

    const body = chord.body || {};
    setText(parts.bodyStatus, `${body.handler} · ${body.status}`);
    C.setAttr(parts.bodyStatus, 'data-status', body.status);
    let text = '';
    if (body.status === 'success') text = C.jsonShort(body.result, 120);
    else if (body.error) text = C.truncate(C.errorText(body.error), 120);
    setText(parts.bodyResult, text);

    const url = body.status === 'success' ? C.pngUrl(body.result) : null;
    if (url && parts.thumbLink.hidden) {
      parts.thumbLink.hidden = false;
      parts.thumbLink.href = url;
      C.loadImage(parts.thumb, url, parts.thumbLink);
    }
  }

  /** A chip per label; a click filters the list by it. Labels never change, so they are drawn once. */
  function renderLabels(holder, labels) {
    if (holder.childElementCount || !labels) return;
    for (const [key, value] of Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const chip = el('button', { type: 'button', class: 'label-chip', title: `Show chords labelled ${key}:${value}` }, `${key}:${value}`);
      chip.addEventListener('click', () => { labelFilter.value = `${key}:${value}`; loadList(); });
      holder.append(chip);
    }
  }

  /** Applies a snapshot unless an equal or newer version is already shown. */
  function apply(chord) {
    const row = rows.get(chord.id);
    if (!row || (row.chord && row.chord.version >= chord.version)) return false;
    renderRow(row, chord);
    return true;
  }

  // Events can arrive faster than frames; keep only the newest per chord and paint once per frame.
  const queued = new Map();
  let frame = 0;
  function queue(chord) {
    const waiting = queued.get(chord.id);
    if (!waiting || waiting.version < chord.version) queued.set(chord.id, chord);
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        for (const c of queued.values()) apply(c);
        queued.clear();
      });
    }
  }

  // ---- List ----

  let listTimer = null;
  let listSeq = 0;

  async function loadList() {
    clearTimeout(listTimer);
    const seq = ++listSeq;
    const status = filter.value;
    try {
      const query = new URLSearchParams({ limit: String(LIST_LIMIT) });
      if (status) query.set('status', status);
      for (const pair of labelFilter.value.split(/[\s,]+/).filter(Boolean)) query.append('label', pair);
      const { body } = await C.apiJson(`/chords?${query}`);
      if (seq !== listSeq) return; // a newer load (e.g. a filter change) superseded this one
      reconcile(body.items || []);
      $('#list-error').hidden = true;
    } catch (error) {
      if (seq !== listSeq) return;
      const problem = C.problemOf(error);
      setText($('#list-error'), `Could not load chords: ${problem.title}${problem.detail ? ' — ' + problem.detail : ''}`);
      $('#list-error').hidden = false;
    }
    if (seq === listSeq) listTimer = setTimeout(loadList, REFRESH_MS);
  }

  /** Makes the list show `items` in order, creating/moving/removing only the rows that need it. */
  function reconcile(items) {
    const wanted = new Set(items.map((c) => c.id));
    for (const [id, row] of rows) {
      if (!wanted.has(id)) {
        row.el.remove();
        rows.delete(id);
      }
    }
    items.forEach((chord, index) => {
      let row = rows.get(chord.id);
      if (!row) {
        row = createRow(chord.id);
        rows.set(chord.id, row);
      }
      apply(chord);
      if (list.children[index] !== row.el) list.insertBefore(row.el, list.children[index] || null);
    });
    $('#chords-empty').hidden = items.length > 0;
    syncStream();
  }

  // ---- One event stream for all live rows ----

  let stream = null;
  let streamIds = new Set(); // ids in the current stream that have not had `done` yet

  const liveIds = () => [...rows.values()].filter((r) => r.chord && !C.isFinal(r.chord)).map((r) => r.chord.id).slice(0, 100);

  const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

  function syncStream() {
    const wanted = new Set(liveIds());
    if (stream && sameSet(wanted, streamIds)) return;
    if (stream) stream.close();
    stream = null;
    streamIds = wanted;
    if (!wanted.size) return;

    stream = C.openEventStream(
      () => {
        // On a reconnect ask only for chords that are still live.
        const ids = [...streamIds].filter((id) => !(rows.get(id) && rows.get(id).chord && C.isFinal(rows.get(id).chord)));
        return ids.length ? `/events?ids=${ids.map(encodeURIComponent).join(',')}` : null;
      },
      {
        onEvent(type, data) {
          if (type !== 'progress' && type !== 'done') return;
          let chord;
          try {
            chord = JSON.parse(data);
          } catch {
            return;
          }
          if (type === 'done') streamIds.delete(chord.id);
          queue(chord);
        },
        shouldReconnect: () => streamIds.size > 0,
        onError(problem) {
          console.warn('Event stream refused', problem);
          streamIds = new Set(); // so the next list refresh opens a new stream
        },
      });
  }

  filter.addEventListener('change', loadList);
  labelFilter.addEventListener('change', loadList); // Enter, or leaving the field

  // ---- Forms ----

  const submitError = $('#submit-error');

  async function submit(spec, button) {
    C.showProblem(submitError, null);
    button.disabled = true;
    try {
      const { body } = await C.postJson('/chords', spec);
      location.href = `chord.html?id=${encodeURIComponent(body.id)}`;
    } catch (error) {
      C.showProblem(submitError, C.problemOf(error));
      submitError.scrollIntoView({ block: 'nearest' });
    } finally {
      button.disabled = false;
    }
  }

  $('#poster-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const size = Number($('#poster-size').value);
    const tiles = Number($('#poster-tiles').value);
    const id = $('#poster-id').value.trim();
    const errors = {};
    if (!Number.isInteger(size) || size < 64 || size > 4096) errors.size = ['Enter a whole number from 64 to 4096.'];
    if (!Number.isInteger(tiles) || tiles < 1 || tiles > 16) errors.tiles = ['Enter a whole number from 1 to 16.'];
    if (Object.keys(errors).length) {
      C.showProblem(submitError, { title: 'Check the poster settings.', errors });
      return;
    }
    const args = { width: size, height: size, columns: tiles, rows: tiles };
    const spec = {
      map: { handler: 'render-tile', count: tiles * tiles, args },
      body: { handler: 'stitch-poster', args },
    };
    if (id) spec.id = id;
    submit(spec, $('#poster-submit'));
  });

  $('#json-form').addEventListener('submit', (event) => {
    event.preventDefault();
    let spec;
    try {
      spec = JSON.parse($('#json-spec').value);
    } catch (error) {
      C.showProblem(submitError, { title: 'The spec is not valid JSON.', detail: error.message });
      return;
    }
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
      C.showProblem(submitError, { title: 'The spec must be a JSON object.', detail: 'For example {"map": {...}, "body": {...}}.' });
      return;
    }
    submit(spec, $('#json-submit'));
  });

  async function loadHandlers() {
    const target = $('#handlers');
    try {
      const { body } = await C.apiJson('/handlers');
      target.replaceChildren(...body.map((h) =>
        el('li', {}, el('code', {}, h.name), ' ', el('span', { class: 'muted' }, `${h.kind} · ${h.lane}`))));
      if (!body.length) target.append(el('li', { class: 'muted' }, 'No handlers registered.'));
    } catch (error) {
      target.replaceChildren(el('li', { class: 'error' }, `Could not load handlers: ${C.problemOf(error).title}`));
    }
  }

  async function loadConfig() {
    try {
      const response = await fetch('/ui-config');
      if (!response.ok) return;
      const config = await response.json();
      const link = $('#dashboard-link');
      if (config.dashboardUrl) {
        link.href = config.dashboardUrl;
        link.hidden = false;
      }
    } catch {
      /* the page works without it */
    }
  }

  // ---- Cluster ----

  const CLUSTER_EVERY_MS = 2000;

  function siloCell(silo) {
    const name = silo.name || silo.address;
    return el('td', { title: silo.address }, silo.dashboardUrl
      ? el('a', { href: silo.dashboardUrl, target: '_blank', rel: 'noopener' }, name)
      : name);
  }

  function orDash(value) {
    return value === null || value === undefined ? '—' : C.fmtNum(value);
  }

  async function loadCluster() {
    if (document.hidden) return; // a hidden tab does not poll (each read asks the membership table)
    const errorBox = $('#cluster-error');
    try {
      const { body } = await C.apiJson('/cluster');
      errorBox.hidden = true;
      const t = body.totals;
      setText($('#cluster-totals'),
        `${C.fmtNum(t.activeSilos)} active silo${t.activeSilos === 1 ? '' : 's'} · heavy ${C.fmtNum(t.running)} / ${C.fmtNum(t.heavyLimit)} running, ${C.fmtNum(t.queued)} queued, ${C.fmtNum(t.abandoned)} abandoned · ${C.fmtNum(t.tasksPerSecond)} tasks/s`);
      const rows = body.silos.map((silo) => el('tr', { 'data-silo': silo.address, 'data-status': silo.status },
        siloCell(silo),
        el('td', {}, el('span', { class: 'badge', 'data-status': silo.status }, silo.status)),
        el('td', {}, C.fmtDuration(silo.uptimeSeconds)),
        el('td', {}, orDash(silo.heavyLimit)),
        el('td', {}, orDash(silo.running)),
        el('td', {}, orDash(silo.queued)),
        el('td', { class: silo.abandoned ? 'error' : '' }, orDash(silo.abandoned)),
        el('td', {}, orDash(silo.tasksPerSecond))));
      $('#cluster-silos tbody').replaceChildren(...rows);
      const limits = [...(body.keys || []).map((l) => ['key', l]), ...(body.handlers || []).map((l) => ['handler', l])];
      const limitRows = limits.map(([kind, l]) => el('tr', { 'data-limit': `${kind}:${l.name}` },
        el('td', {}, `${kind} ${l.name}`),
        el('td', {}, orDash(l.maxRunning)),
        el('td', {}, orDash(l.ratePerSecond)),
        el('td', {}, orDash(l.weight)),
        el('td', { class: l.maxRunning !== null && l.running >= l.maxRunning ? 'at-limit' : '' }, C.fmtNum(l.running)),
        el('td', {}, C.fmtNum(l.waiting)),
        el('td', {}, C.fmtNum(l.startsPerSecond))));
      $('#cluster-limits tbody').replaceChildren(...limitRows);
      $('#cluster-limits-wrap').hidden = limitRows.length === 0;
    } catch (error) {
      const problem = C.problemOf(error);
      setText(errorBox, `Could not load the cluster: ${problem.title}${problem.detail ? ' — ' + problem.detail : ''}`);
      errorBox.hidden = false;
    }
  }

  loadConfig();
  loadList();
  loadHandlers();
  loadCluster();
  setInterval(loadCluster, CLUSTER_EVERY_MS);

  // ---- Failures: failed tasks of every retained chord, by handler and error type ----

  const FAILURES_EVERY_MS = 5000;

  async function loadFailures() {
    if (document.hidden) return;
    const errorBox = $('#failures-error');
    try {
      const query = new URLSearchParams();
      for (const pair of labelFilter.value.split(/[\s,]+/).filter(Boolean)) query.append('label', pair);
      const { body } = await C.apiJson(`/v1/failures?${query}`);
      errorBox.hidden = true;
      const groups = body.groups || [];
      setText($('#failures-summary'), groups.length
        ? `${C.fmtNum(groups.reduce((n, g) => n + g.count, 0))} failed tasks in ${groups.length} group${groups.length === 1 ? '' : 's'}`
        : 'No failed tasks among the retained chords.');
      const rows = groups.map((g) => el('tr', { 'data-handler': g.handler, 'data-error-type': g.errorType },
        el('td', {}, g.handler),
        el('td', {}, g.errorType),
        el('td', { class: 'failure-count' }, C.fmtNum(g.count)),
        el('td', {}, C.fmtNum(g.chords)),
        el('td', { title: g.sample && g.sample.stackTrace ? g.sample.stackTrace : '' }, g.sample ? C.truncate(g.sample.message, 80) : '—'),
        el('td', {}, ...g.latest.slice(0, 3).map((c) =>
          el('a', { class: 'failure-chord', href: `chord.html?id=${encodeURIComponent(c.id)}&state=failed` }, C.truncate(c.id, 12))))));
      $('#failure-groups tbody').replaceChildren(...rows);
    } catch (error) {
      const problem = C.problemOf(error);
      setText(errorBox, `Could not load failures: ${problem.title}`);
      errorBox.hidden = false;
    }
  }

  loadFailures();
  setInterval(loadFailures, FAILURES_EVERY_MS);
  labelFilter.addEventListener('change', loadFailures);
})();

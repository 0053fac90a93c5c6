// Shared helpers for the Chord pages: API calls with the optional API key, a fetch-based SSE reader,
// formatting, and the stacked progress bar. Exposed as the global `Chord` (plain script, no build step).
(function () {
  'use strict';

  const KEY_STORAGE = 'chord-api-key';
  const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

  // ---- DOM ----

  const $ = (selector, root = document) => root.querySelector(selector);

  /** Creates an element; `props` are assigned as properties except `class`, `data-*`, `aria-*` and `role`. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('data-') || name.startsWith('aria-') || name === 'role') node.setAttribute(name, value);
      else node[name] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Sets text only when it changed, so repeated updates do not touch the DOM. */
  function setText(node, text) {
    const value = text === null || text === undefined ? '' : String(text);
    if (node.textContent !== value) node.textContent = value;
  }

  function setAttr(node, name, value) {
    const text = String(value);
    if (node.getAttribute(name) !== text) node.setAttribute(name, text);
  }

  // ---- Formatting ----

  const fmtNum = (n) => (typeof n === 'number' && isFinite(n) ? n.toLocaleString() : '—');

  /** 80 → "1m 20s", 3725 → "1h 2m", 42 → "42s". */
  function fmtDuration(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds) || seconds < 0) return '—';
    let s = Math.round(seconds);
    if (s < 60) return `${s}s`;
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    if (d > 0) return `${d}d ${h}h`;
    if (h > 0) return `${h}h ${m}m`;
    return `${m}m ${s}s`;
  }

  function fmtTime(iso) {
    if (!iso) return '—';
    const date = new Date(iso);
    return isNaN(date) ? String(iso) : date.toLocaleString();
  }

  function fmtRate(perSecond) {
    if (typeof perSecond !== 'number' || !isFinite(perSecond)) return '—';
    const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
    return perSecond.toLocaleString(undefined, { maximumFractionDigits: digits });
  }

  function truncate(text, max) {
    const s = String(text);
    return s.length > max ? s.slice(0, max - 1) + '…' : s;
  }

  const jsonShort = (value, max = 120) => truncate(JSON.stringify(value), max);

  const errorText = (error) => (error ? `${error.type || 'Error'}: ${error.message || ''}` : '');

  /** "1,234 / 100,000 · 12 failed · 5 running · 40 queued" */
  function countsText(tasks) {
    const parts = [`${fmtNum(tasks.completed)} / ${fmtNum(tasks.total)}`];
    if (tasks.failed) parts.push(`${fmtNum(tasks.failed)} failed`);
    if (tasks.running) parts.push(`${fmtNum(tasks.running)} running`);
    if (tasks.queued) parts.push(`${fmtNum(tasks.queued)} queued`);
    if (tasks.cancelled) parts.push(`${fmtNum(tasks.cancelled)} cancelled`);
    return parts.join(' · ');
  }

  /** "12.5 tasks/s · ETA 1m 20s" while running; the total time once the tasks are done. */
  function rateText(chord) {
    const parts = [`${fmtRate(chord.tasksPerSecond)} tasks/s`];
    if (chord.tasksFinishedAt || FINAL.has(chord.status)) {
      const end = chord.tasksFinishedAt || chord.finishedAt;
      if (end) parts.push(`tasks took ${fmtDuration((new Date(end) - new Date(chord.createdAt)) / 1000)}`);
    } else if (typeof chord.etaSeconds === 'number') {
      parts.push(`ETA ${fmtDuration(chord.etaSeconds)}`);
    } else {
      parts.push('ETA —');
    }
    return parts.join(' · ');
  }

  const isFinal = (chord) => FINAL.has(chord.status);

  // Only this API's own poster images: a handler's result could name any URL, and images are fetched with the key.
  const pngUrl = (result) =>
    result && typeof result === 'object' && typeof result.url === 'string' && /^\/posters\/[^/]+\/[^/]+\.png$/i.test(result.url)
      ? result.url
      : null;

  const sameOrigin = (path) => new URL(path, location.href).origin === location.origin;

  // ---- Progress bar ----

  const SEGMENTS = ['succeeded', 'failed', 'running', 'cancelled'];

  function createBar(label) {
    const bar = el('div', {
      class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
      'aria-label': label || 'Task progress', 'data-percent': '0',
    });
    for (const name of SEGMENTS) bar.append(el('span', { class: `seg ${name}` }));
    return bar;
  }

  /** Fills the segments of a bar made by createBar (or laid out the same way in HTML). */
  function updateBar(bar, tasks) {
    const total = tasks.total || 0;
    const percent = total > 0 ? Math.floor((tasks.completed * 100) / total) : 0;
    setAttr(bar, 'data-percent', percent);
    setAttr(bar, 'aria-valuenow', percent);
    setAttr(bar, 'aria-valuetext', `${percent}% — ${countsText(tasks)}`);
    for (const name of SEGMENTS) {
      const seg = bar.querySelector(`.seg.${name}`);
      const width = total > 0 ? `${((tasks[name] || 0) * 100) / total}%` : '0%';
      if (seg && seg.style.width !== width) seg.style.width = width;
    }
  }

  // ---- API key ----

  const getKey = () => localStorage.getItem(KEY_STORAGE) || '';

  let keyWaiters = null;

  /** Shows #api-key-form and resolves once the user submits a key. Concurrent 401s share one prompt. */
  function askForKey() {
    if (keyWaiters) return keyWaiters.promise;
    const form = $('#api-key-form');
    if (!form) return Promise.reject(new Error('An API key is required.'));
    keyWaiters = {};
    keyWaiters.promise = new Promise((resolve) => (keyWaiters.resolve = resolve));
    const input = $('#api-key', form);
    const hint = $('.api-key-hint', form);
    if (hint) setText(hint, getKey() ? 'The stored API key was rejected. Enter the right one.' : 'This server needs an API key.');
    form.hidden = false;
    input.focus();
    return keyWaiters.promise;
  }

  function initKeyForm() {
    const form = $('#api-key-form');
    if (!form) return;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('#api-key', form).value.trim();
      if (!key) return;
      localStorage.setItem(KEY_STORAGE, key);
      form.hidden = true;
      if (keyWaiters) {
        const { resolve } = keyWaiters;
        keyWaiters = null;
        resolve(key);
      }
    });
  }

  // ---- HTTP ----

  /** fetch with X-Api-Key; on 401 asks for a key and tries again. Returns the Response. */
  async function api(path, options = {}) {
    for (;;) {
      const headers = new Headers(options.headers || {});
      const key = getKey();
      if (key && sameOrigin(path)) headers.set('X-Api-Key', key);
      const response = await fetch(path, { ...options, headers });
      if (response.status !== 401) return response;
      await askForKey();
    }
  }

  /** Reads a ProblemDetails body, or makes one from the status when the body is not JSON. */
  async function readProblem(response) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      /* no JSON body (e.g. a proxy's 413 page) */
    }
    if (!problem || typeof problem !== 'object') problem = {};
    problem.status = problem.status || response.status;
    problem.title = problem.title || `HTTP ${response.status} ${response.statusText || ''}`.trim();
    return problem;
  }

  class ApiError extends Error {
    constructor(problem) {
      super(problem.detail || problem.title);
      this.problem = problem;
      this.status = problem.status;
    }
  }

  /** api() for JSON: resolves to {status, body}; throws ApiError (with .problem) when not ok. */
  async function apiJson(path, options = {}) {
    const response = await api(path, options);
    if (!response.ok) throw new ApiError(await readProblem(response));
    const body = response.status === 204 ? null : await response.json();
    return { status: response.status, body, response };
  }

  const postJson = (path, value) =>
    apiJson(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });

  /** Renders a ProblemDetails (title, detail, each field's messages) into a container. */
  function showProblem(container, problem) {
    container.replaceChildren();
    if (!problem) {
      container.hidden = true;
      return;
    }
    container.hidden = false;
    container.append(el('strong', {}, problem.title || 'Error'));
    if (problem.detail) container.append(el('p', {}, problem.detail));
    if (problem.errors && typeof problem.errors === 'object') {
      const list = el('ul');
      for (const [field, messages] of Object.entries(problem.errors)) {
        for (const message of [].concat(messages)) {
          list.append(el('li', {}, field ? el('code', {}, field) : null, field ? ': ' : null, String(message)));
        }
      }
      container.append(list);
    }
  }

  const problemOf = (error) =>
    error && error.problem ? error.problem : { title: 'Request failed', detail: error && error.message ? error.message : String(error) };

  // ---- Images (fetched so the key header goes along) ----

  const imageCache = new Map(); // url -> Promise<objectURL>
  const imageQueue = [];
  let imagesInFlight = 0;
  const MAX_IMAGE_FETCHES = 3; // leaves connections free for the event stream and API calls

  function pumpImages() {
    while (imagesInFlight < MAX_IMAGE_FETCHES && imageQueue.length) {
      const job = imageQueue.shift();
      imagesInFlight++;
      api(job.url)
        .then(async (response) => {
          if (!response.ok) throw new ApiError(await readProblem(response));
          return URL.createObjectURL(await response.blob());
        })
        .then(job.resolve, job.reject)
        .finally(() => {
          imagesInFlight--;
          pumpImages();
        });
    }
  }

  /** Resolves to an object URL for an image path; each URL is fetched once per page. */
  function imageUrl(url) {
    let promise = imageCache.get(url);
    if (!promise) {
      promise = new Promise((resolve, reject) => imageQueue.push({ url, resolve, reject }));
      promise.catch(() => imageCache.delete(url)); // allow a later retry
      imageCache.set(url, promise);
      pumpImages();
    }
    return promise;
  }

  /** Loads `url` into an <img> (and optionally points a link at the loaded copy when a key is in use). */
  async function loadImage(img, url, link) {
    if (img.dataset.src === url) return;
    img.dataset.src = url;
    try {
      const objectUrl = await imageUrl(url);
      if (img.dataset.src !== url) return;
      img.src = objectUrl;
      // The plain URL would answer 401 in a new tab when a key is required.
      if (link && getKey()) link.href = objectUrl;
    } catch (error) {
      if (img.dataset.src === url) {
        delete img.dataset.src;
        img.alt = `Image not available: ${problemOf(error).detail || problemOf(error).title}`;
      }
    }
  }

  // ---- Server-sent events over fetch ----

  const streams = new Set();

  /** Parses an SSE byte stream, calling onEvent(type, data) per event. Resolves when the stream ends. */
  async function readSse(body, onEvent) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let type = '';
    let data = [];

    const line = (text) => {
      if (text === '') {
        if (data.length) onEvent(type || 'message', data.join('\n'));
        type = '';
        data = [];
        return;
      }
      if (text.startsWith(':')) return; // comment / keep-alive
      const colon = text.indexOf(':');
      const field = colon < 0 ? text : text.slice(0, colon);
      let value = colon < 0 ? '' : text.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    };

    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        // A trailing "\r" may be the first half of "\r\n": wait for the next chunk.
        if (match[0] === '\r' && match.index === buffer.length - 1 && !done) break;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
      if (done) return;
    }
  }

  /**
   * Reads an SSE endpoint with fetch (so the API key header can be sent). `path()` is asked on each
   * (re)connect and may return null to stop. When the stream ends or breaks and `shouldReconnect()`
   * says so, it connects again after 2 s. A 4xx answer stops it and goes to `onError(problem)`.
   */
  function openEventStream(path, { onEvent, shouldReconnect, onError, onOpen }) {
    let controller = null;
    let timer = null;
    let closed = false;

    const retry = () => {
      if (!closed && shouldReconnect()) timer = setTimeout(connect, 2000);
    };

    async function connect() {
      timer = null;
      const url = path();
      if (closed || !url) return;
      controller = new AbortController();
      try {
        const response = await api(url, { signal: controller.signal, headers: { Accept: 'text/event-stream' }, cache: 'no-store' });
        if (closed) return;
        if (!response.ok) {
          const problem = await readProblem(response);
          if (response.status >= 400 && response.status < 500) {
            if (onError) onError(problem);
            return;
          }
          retry();
          return;
        }
        if (onOpen) onOpen();
        await readSse(response.body, (type, data) => {
          if (!closed) onEvent(type, data);
        });
      } catch (error) {
        if (closed || (error && error.name === 'AbortError')) return;
      }
      retry();
    }

    const stream = {
      close() {
        closed = true;
        clearTimeout(timer);
        if (controller) controller.abort();
        streams.delete(stream);
      },
    };
    streams.add(stream);
    connect();
    return stream;
  }

  window.addEventListener('pagehide', () => [...streams].forEach((s) => s.close()));
  // A page restored from the back/forward cache has closed streams: start it fresh.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) location.reload();
  });

  // ---- Misc ----

  /**
   * Wraps an async function so it runs at most once per `ms` and never overlaps itself; a call during
   * the quiet time is not lost but runs once when the time is up.
   */
  function throttle(fn, ms) {
    let last = 0;
    let running = false;
    let pending = false;
    let timer = null;

    async function run() {
      timer = null;
      running = true;
      pending = false;
      last = Date.now();
      try {
        await fn();
      } catch (error) {
        console.error(error);
      } finally {
        running = false;
        if (pending) schedule();
      }
    }

    function schedule() {
      if (timer) return;
      timer = setTimeout(run, Math.max(0, last + ms - Date.now()));
    }

    return function call() {
      if (running) pending = true;
      else schedule();
    };
  }

  document.addEventListener('DOMContentLoaded', initKeyForm);

  window.Chord = {
    $, el, setText, setAttr,
    fmtNum, fmtDuration, fmtTime, fmtRate, truncate, jsonShort, errorText, countsText, rateText,
    isFinal, pngUrl, FINAL,
    createBar, updateBar,
    getKey, api, apiJson, postJson, readProblem, ApiError, showProblem, problemOf,
    imageUrl, loadImage,
    openEventStream, readSse, throttle,
  };
})();

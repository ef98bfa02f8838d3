// Haul's one script (issue 14); pages work without it. data-offline forms save on
// the phone when offline, the queue is sent once, in order, when it can be; a
// one-time link is selected when tapped. No wrapper: top-level const/let aren't window's.
'use strict';
const $ = (s, r) => (r || document).querySelector(s), el = t => document.createElement(t);
// Every word shown is on this script's tag, from Fluent (src/web/offline.rs).
const W = (document.currentScript || {}).dataset || {};
const w = (k, a) => (W[k] || k).replace(/%(\w)/g, (m, c) => a && c in a ? a[c] : m);

const open = () => new Promise((ok, ko) => {
  const r = indexedDB.open('haul', 1);
  r.onupgradeneeded = () => r.result.createObjectStore('queue', { keyPath: 'key' });
  r.onsuccess = () => ok(r.result);
  r.onerror = () => ko(r.error);
});
const tx = (mode, fn) => open().then(d => new Promise((ok, ko) => {
  const t = d.transaction('queue', mode), q = fn(t.objectStore('queue'));
  t.oncomplete = () => { d.close(); ok(q.result); };
  t.onerror = () => ko(t.error);
}));
const all = () => tx('readonly', s => s.getAll()).then(l => l.sort((a, b) => a.at - b.at));
const get = k => tx('readonly', s => s.get(k));
const put = e => tx('readwrite', s => s.put(e));
const drop = k => tx('readwrite', s => s.delete(k));

// waiting → sending → gone | waiting again | login | attention; pure, for tests.
const step = (e, r) => {
  if (r.error || !r.status || r.status >= 500) return { ...e, state: 'waiting', tries: (e.tries || 0) + 1 };
  if (r.login) return { ...e, state: 'login' };
  // A 2xx not leading to the saved entry is no save.
  if ((r.status < 300 && r.saved !== false) || r.replayed) return null;
  return { ...e, state: 'attention', message: r.message || w('refused', { n: r.status }) };
};
const sendable = e => e.state !== 'attention';

const personal = s => {
  const t = (s || '').replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\uFF01-\uFF5E]/g, c => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/[\u0660-\u0669\u06F0-\u06F9\u0966-\u096F\u09E6-\u09EF]/g, c => String((c.charCodeAt(0) & 0xF) % 10));
  if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(t)) return w('email');
  if (/(?:\d[\s\-.()\/+]{0,3}){8,}/.test(t)) return w('phone');
  return '';
};

const uuid = () => [...crypto.getRandomValues(new Uint8Array(16))].map(b => (b + 256).toString(16).slice(1)).join('');
const who = d => { const x = $('.who', d); return x ? x.textContent.split('·')[0].trim() : ''; };
const hm = t => new Date(t).toTimeString().slice(0, 5);
// Not `form.action`: the hand-out form has a button named "action".
const act = f => new URL(f.getAttribute('action') || location.href, location.href);

const post = (action, fields) => {
  const c = new AbortController(), t = setTimeout(() => c.abort(), 15000);
  return fetch(action, { method: 'POST', body: new URLSearchParams(fields), signal: c.signal })
    .finally(() => clearTimeout(t));
};
// A server answer in the words the queue needs.
const answer = async res => {
  if (res.redirected && new URL(res.url).pathname === '/login') return { status: 401, login: true };
  const r = { status: res.status, url: res.url, replayed: res.headers.has('Idempotent-Replayed'), saved: /[?&](intake|saved)=[1-9]/.test(res.url) };
  if (res.ok && !r.saved) r.message = w('unconfirmed');
  // Any other page is kept to show: a refusal (4xx) or a question (confirmation).
  if (res.status < 500 && !r.saved && !r.replayed && /html/.test(res.headers.get('content-type') || '')) {
    const d = new DOMParser().parseFromString(await res.text(), 'text/html');
    const said = s => [...d.querySelectorAll(s)].slice(0, 4).map(x => x.textContent.trim()).filter(Boolean).join(' ');
    if (res.status >= 400) r.message = said('main .flash.error, main .field-error') || said('main p');
    r.page = d;
  }
  return r;
};

// One line each: queue count, change under way, question at logout.
const say = (text, link, id) => {
  let p = $('#' + (id = id || 'offline-status'));
  if (!p) {
    p = el('p');
    p.id = id; p.className = 'flash ok'; p.setAttribute('role', 'status');
    const m = $('main'); if (!m) return;
    m.insertBefore(p, m.firstChild);
  }
  p.textContent = text + ' ';
  if (link) { const a = el('a'); a.href = '/queue'; a.textContent = link; p.appendChild(a); }
  return p;
};
const status = async () => {
  const l = await all(), n = l.filter(sendable).length, a = l.length - n;
  // A line that counted entries says when they are all gone.
  if (!l.length) { const p = $('#offline-status'); if (p && !p.dataset.keep) say(w('empty')); }
  else say([n && w('waiting', { n }), a && w('attention', { n: a }), l.some(e => e.state === 'login') && w('ended')].filter(Boolean).join(' · '), w('see'));
  if ($('#queue')) show(l);
};

// The queue's line for an entry: place, day and what was counted.
const summary = (kind, f, fd) => {
  const ik = kind === 'intake', lines = [...f.querySelectorAll('input[type=number]')].filter(i => /^(q|give)\./.test(i.name) && +i.value > 0).map(i => {
    const r = i.closest('fieldset, .stepper'), c = $('legend, label', r).firstChild.textContent.trim();
    return (ik ? c + ' ' + $('label[for="' + i.id + '"]', r).textContent : c) + ': ' + i.value;
  }).join(w('sep'));
  const s = ik ? f.elements.warehouse : $('#site') || $('#site-links strong');
  const place = s && s.selectedOptions && s.selectedOptions[0] ? s.selectedOptions[0].text : s ? s.textContent : fd.get(ik ? 'warehouse' : 'site');
  return w(kind, { p: place, s: fd.get('source'), d: fd.get(ik ? 'received_on' : 'handed_out_on'), l: lines });
};

const save = async (f, b, kind) => {
  const fd = new FormData(f);
  if (b && b.name) fd.set(b.name, b.value);
  const bad = personal(fd.get('note'));
  if (bad) { say(bad).className = 'flash error'; return; }
  // The key made at Save makes every later send of the entry the same save; an entry
  // being changed keeps its own (docs/offline.md).
  const old = f.dataset.edit && await get(f.dataset.edit);
  const key = old ? old.key : uuid();
  fd.set('form_key', key);
  const e = Object.assign(old || { key, at: Date.now(), kind, handle: who() }, {
    path: act(f).pathname, page: kind === 'intake' ? '/intake' : '/handouts?site=' + encodeURIComponent(fd.get('site')),
    fields: [...fd].filter(a => a[0] != 'csrf'), summary: summary(kind, f, fd), state: 'waiting', message: '', tries: 0
  });
  // A changed entry goes back in its place in the queue, which sends it.
  if (old) { await put(e); location.assign('/queue'); return; }
  let r;
  try { r = await answer(await post(act(f).href, [...fd])); } catch (_) { r = { error: true }; }
  const next = step(e, r);
  if (!next) { location.assign(r.url || (kind === 'intake' ? '/stock' : location.href)); return; }
  if (next.state === 'attention' && r.page) {
    // Online and refused or asked: the server's own page, never swallowed.
    const m = $('main', r.page);
    if (m) { document.title = r.page.title || document.title; $('main').replaceWith(document.adoptNode(m)); const e = $('#error-summary'); e ? e.focus() : scroll(0, 0); return; }
  }
  await put(Object.assign(next, { tries: 0 }));
  f.reset();
  const n = (await all()).filter(sendable).length;
  say(w('saved', { n }) + (next.state === 'login' ? ' ' + w('ended') : ''), w('see'));
  scroll(0, 0);
  later();
};

// A hand-out's steppers and bar count here, offline and as typed.
const count = (f, b) => {
  if (b && b.name === 'step') {
    const [slug, d] = b.value.replace(/^unmet:/, '').split(/:(?=[-+]?\d+$)/);
    const i = document.getElementById((b.value.startsWith('unmet:') ? 'unmet-' : 'give-') + slug);
    if (i) i.value = Math.max(0, Math.min(+i.max || 1e6, (+i.value || 0) + +d));
  }
  // Steppers and total bar as the server writes them.
  const sum = p => [...f.querySelectorAll('input[name^="' + p + '."]')].reduce((n, i) => n + (+i.value || 0), 0);
  const t = $('#total', f), g = sum('give'), u = sum('unmet');
  for (const x of f.querySelectorAll('button[name=step]')) {
    const i = $('input', x.parentNode);
    x.disabled = x.value.endsWith('-1') ? +i.value <= 0 : +i.value >= +i.max;
  }
  if (!t) return;
  const em = x => { t.appendChild(el('strong')).textContent = x; };
  t.textContent = '';
  em(g); t.append(' ' + w('items'));
  if (u) { t.append(w('sep')); em(u); t.append(' ' + w('asked')); }
};

addEventListener('input', e => { const f = e.target.form; if (f && f.dataset.offline === 'handout') count(f); });

const offline = () => !navigator.onLine || !!$('#offline-banner');
addEventListener('submit', ev => {
  const f = ev.target, kind = f.dataset && f.dataset.offline, b = ev.submitter;
  if (f.tagName === 'FORM' && act(f).pathname === '/logout') return leaving(ev);
  if (!kind) return;
  const saving = kind === 'intake' || (b && b.name === 'action' && b.value === 'save');
  // While an entry is changed its counts stay on the page.
  if (!saving) { if (offline() || f.dataset.edit) { ev.preventDefault(); count(f, b); } else spot(b); return; }
  ev.preventDefault();
  if (b) b.disabled = true;
  save(f, b, kind).finally(() => { if (b) b.disabled = false; });
});

const edit = async k => {
  const e = await get(k), f = $('form[data-offline]');
  if (!e || !f || f.dataset.offline !== e.kind) { say(w('gone'), w('back'), 'offline-edit'); return; }
  for (const i of f.querySelectorAll('input[type=number]')) i.value = i.name.startsWith('q.') ? '' : 0;
  for (const [n, v] of e.fields) {
    const i = f.elements[n];
    if (i && i.type && i.type !== 'hidden' && i.type !== 'submit') i.value = v;
  }
  for (const d of f.querySelectorAll('details')) if ([...d.querySelectorAll('input')].some(i => +i.value > 0)) d.open = true;
  count(f);
  f.dataset.edit = k;
  say(w('editing', { s: e.summary, m: e.message }), w('back'), 'offline-edit');
};

let chain = Promise.resolve(), delay = 4000, timer = 0;
const later = () => { clearTimeout(timer); timer = setTimeout(flush, delay); delay = Math.min(delay * 2, 120000); };
// The session's form token (from the logout form) and handle, or that it has ended.
const session = async () => {
  // Not followed: a fetched login page would replace this page's token.
  const res = await fetch('/queue', { redirect: 'manual' });
  if (res.type === 'opaqueredirect') return { login: true };
  if (!res.ok) throw new Error('status ' + res.status);
  const d = new DOMParser().parseFromString(await res.text(), 'text/html');
  const t = $('form[action="/logout"] input[name="csrf"]', d);
  return { csrf: t ? t.value : '', handle: who(d) };
};
const run = async () => {
  const l = (await all()).filter(sendable);
  if (!l.length) return;
  let s;
  try { s = await session(); } catch (_) { later(); return; }
  for (const e of l) {
    if (s.login) { if (e.state !== 'login') await put(Object.assign(e, { state: 'login' })); continue; }
    // Kept for the volunteer who saved it, till they log in again.
    if (e.handle && s.handle && e.handle !== s.handle) continue;
    await put(Object.assign(e, { state: 'sending' }));
    let r;
    try { r = await answer(await post(e.path, [['csrf', s.csrf], ...e.fields])); } catch (_) { r = { error: true }; }
    const next = step(e, r);
    if (next) await put(next); else await drop(e.key);
    // In order: what cannot go now waits, and all after it.
    if (next && next.state === 'waiting') { later(); return; }
    if (next && next.state === 'login') s.login = true;
  }
  delay = 4000;
};
// One send at a time, in this page and across tabs (a Web Lock).
const flush = () => chain = chain.then(() => navigator.locks ? navigator.locks.request('haul-queue', run) : run())
  .catch(later).then(status).catch(() => {});

const button = (text, fn, sure) => {
  const b = el('button');
  b.type = 'button'; b.textContent = w(text); b.className = 'secondary'; b.dataset.do = text;
  b.onclick = () => {
    // A second tap confirms: no dialog for a thumb to dismiss by mistake.
    if (sure && !b.dataset.armed) { b.dataset.armed = '1'; b.textContent = w(sure); return; }
    fn();
  };
  return b;
};
const show = l => {
  const q = $('#queue');
  q.textContent = '';
  const add = (tag, text, parent, id) => { const x = el(tag); if (text) x.textContent = text; if (id) x.id = id; (parent || q).appendChild(x); return x; };
  const n = l.filter(sendable), a = l.filter(e => !sendable(e));
  if (!l.length) add('p', w('empty'), q, 'queue-empty');
  if (n.length) {
    add('h2', w('waiting', { n: n.length }));
    if (n.some(e => e.state === 'login')) { const p = add('p', w('ended') + ' '); add('a', w('login'), p).href = '/login?next=/queue'; }
    const ul = add('ul', '', q, 'queue-waiting');
    for (const e of n) add('li', e.summary + ' (' + w('when', { t: hm(e.at), h: e.handle }) + ') ', ul).appendChild(button('discard', () => drop(e.key).then(status), 'sure'));
    q.appendChild(button('send', () => { delay = 4000; flush(); }));
  }
  if (a.length) {
    add('h2', w('attention', { n: a.length }));
    const ul = add('ul', '', q, 'queue-attention');
    for (const e of a) {
      const li = add('li', e.summary + ' ', ul);
      add('p', e.message, li).className = 'field-error';
      li.appendChild(button('edit', () => location.assign((e.page || e.path) + '#edit=' + e.key)));
      li.appendChild(button('again', () => put(Object.assign(e, { state: 'waiting', message: '' })).then(flush)));
      li.appendChild(button('discard', () => drop(e.key).then(status), 'sure'));
    }
  }
  add('h2', w('device'));
  q.appendChild(button('clear', clear, 'wipe'));
};

const forget = () => navigator.serviceWorker && navigator.serviceWorker.controller && navigator.serviceWorker.controller.postMessage('forget');
const clear = async () => {
  clearTimeout(timer);
  await new Promise(ok => { const r = indexedDB.deleteDatabase('haul'); r.onsuccess = r.onerror = r.onblocked = ok; });
  for (const k of await caches.keys()) if (k.startsWith('haul-')) await caches.delete(k);
  if (navigator.serviceWorker) for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  say(w('cleared')).dataset.keep = '1';
  if ($('#queue')) $('#queue').textContent = '';
};
function leaving(ev) {
  const f = ev.target, out = () => { f.dataset.asked = '1'; forget(); f.submit(); };
  if (f.dataset.asked) { forget(); return; }
  ev.preventDefault();
  if (f.closest('details')) f.closest('details').open = false;
  all().then(l => {
    l = l.filter(e => !e.handle || e.handle === who());
    if (!l.length) return out();
    // Unsent entries stay for this volunteer, unless they choose to send first.
    const p = say(w('unsent', { n: l.length, h: who() }), '', 'offline-leave');
    p.appendChild(button('first', () => flush().then(all).then(m => m.some(e => e.handle === who()) ? location.assign('/queue') : out())));
    p.appendChild(button('anyway', out));
    scroll(0, 0);
  });
}

window.haulQueue = { step, personal, all, flush };
addEventListener('click', e => (e = e.target).matches('[data-select]') && e.select());
addEventListener('online', () => { delay = 4000; flush(); });
const inside = !!$('form[action^="/logout"]');
// Only a logged-in volunteer's phone keeps pages: nothing for a visitor.
if (inside && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)
    .then(r => { if (navigator.onLine && !$('#offline-banner')) r.active.postMessage('warm ' + document.documentElement.lang); })
    .catch(() => {});
}
const k = /^#edit=(\w+)$/.exec(location.hash);
status().then(() => k && edit(k[1])).then(() => { if (location.pathname !== '/login') flush(); }).catch(() => {});
// A tap comes back at #row-…: the row is put back where the thumb was.
const spot = b => { const r = b && b.closest('.stepper'); if (r) sessionStorage.row = r.id + ' ' + r.getBoundingClientRect().top; };
const back = () => { const [i, y] = (sessionStorage.row || '').split(' '), r = i && $('#' + i); if (r) scrollBy(0, r.getBoundingClientRect().top - y); };
back(); addEventListener('load', () => { back(); delete sessionStorage.row; });

// Haul's one script (issue 14). Pages work without it; with it, the intake and
// hand-out forms (marked data-offline) save on the phone when the server cannot be
// reached, and the queue is sent once, in order, when it can.
'use strict';
(() => {
  const $ = (s, r) => (r || document).querySelector(s);
  const T = 15000;

  // ---- the phone's queue (IndexedDB) ----
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
  const put = e => tx('readwrite', s => s.put(e));
  const drop = k => tx('readwrite', s => s.delete(k));

  // ---- what a server answer does to a queued entry ----
  // waiting → sending → (gone | waiting again | login | attention). Pure, so the
  // browser tests run it on its own.
  const step = (e, r) => {
    if (r.error || !r.status || r.status >= 500) return Object.assign({}, e, { state: 'waiting', tries: (e.tries || 0) + 1 });
    if (r.login) return Object.assign({}, e, { state: 'login' });
    // A 2xx that does not lead to the saved entry is not taken for a save.
    if ((r.status < 300 && r.saved !== false) || r.replayed) return null;
    return Object.assign({}, e, { state: 'attention', message: r.message || 'The server refused it (' + r.status + ').' });
  };
  const sendable = e => e.state === 'waiting' || e.state === 'sending' || e.state === 'login';

  // ---- the same personal-data guard as the server's (src/notes.rs), so nothing
  // personal is ever kept on the phone ----
  const personal = s => {
    const t = (s || '').replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
      .replace(/[\uFF01-\uFF5E]/g, c => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
      .replace(/[\u0660-\u0669\u06F0-\u06F9\u0966-\u096F\u09E6-\u09EF]/g, c => String((c.charCodeAt(0) & 0xF) % 10));
    if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(t)) return 'Notes must not contain e-mail addresses: Haul keeps no record of the people it serves.';
    if (/(?:\d[\s\-.()\/+]{0,3}){8,}/.test(t)) return 'Notes must not contain phone numbers: Haul keeps no record of the people it serves.';
    return '';
  };

  const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
    : ([1e7] + -1e3 + -4e3 + -8e3 + -1e11).replace(/[018]/g, c => (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16)));
  const who = d => { const w = $('.who', d); return w ? w.textContent.split('·')[0].trim() : ''; };
  const hm = t => new Date(t).toTimeString().slice(0, 5);
  // Not `form.action`: the hand-out form has a button named "action".
  const act = f => new URL(f.getAttribute('action') || location.href, location.href);

  const post = (action, fields) => {
    const c = new AbortController(), t = setTimeout(() => c.abort(), T);
    return fetch(action, { method: 'POST', body: new URLSearchParams(fields), credentials: 'same-origin', signal: c.signal })
      .finally(() => clearTimeout(t));
  };
  // A server answer in the words the queue needs.
  const answer = async res => {
    if (res.redirected && new URL(res.url).pathname === '/login') return { status: 401, login: true };
    const r = { status: res.status, url: res.url, replayed: res.headers.has('Idempotent-Replayed'), saved: /[?&](intake|saved)=[1-9]/.test(res.url) };
    if (res.ok && !r.saved) r.message = 'The server did not confirm this save: check, then send again or discard.';
    // Any page that is not the saved result is kept to be shown: a refusal (4xx) or a
    // question (a 200 confirmation, e.g. "same as the hand-out saved at …").
    if (res.status < 500 && !r.saved && !r.replayed && /html/.test(res.headers.get('content-type') || '')) {
      const d = new DOMParser().parseFromString(await res.text(), 'text/html');
      const said = s => [...d.querySelectorAll(s)].slice(0, 4).map(x => x.textContent.trim()).filter(Boolean).join(' ');
      if (res.status >= 400) r.message = said('main .flash.error, main .field-error') || said('main p');
      r.page = d;
    }
    return r;
  };

  // ---- the status line on every page ----
  const say = (text, link) => {
    let p = $('#offline-status');
    if (!p) {
      p = document.createElement('p');
      p.id = 'offline-status'; p.className = 'flash ok'; p.setAttribute('role', 'status');
      const m = $('main'); if (!m) return;
      m.insertBefore(p, m.firstChild);
    }
    p.textContent = text + ' ';
    if (link) { const a = document.createElement('a'); a.href = '/queue'; a.textContent = link; p.appendChild(a); }
  };
  const status = async () => {
    const l = await all(), w = l.filter(sendable).length, a = l.length - w;
    if (!l.length) { const p = $('#offline-status'); if (p && !p.dataset.keep) p.remove(); }
    else say((w ? w + ' waiting to send' : '') + (w && a ? ', ' : '') + (a ? a + (a > 1 ? ' need' : ' needs') + ' attention' : '') + '.' +
      (l.some(e => e.state === 'login') ? ' Your session has ended: log in to send them.' : ''), 'See them');
    if ($('#queue')) show(l);
  };

  // ---- saving ----
  const summary = (kind, f, fd) => {
    let n = 0;
    for (const [k, v] of fd) if (/^(q|give)\./.test(k)) n += +v || 0;
    if (kind === 'intake') {
      const w = f.elements.warehouse;
      return 'Intake: ' + n + ' items from ' + fd.get('source') + ' at ' + (w && w.selectedOptions[0] ? w.selectedOptions[0].text : fd.get('warehouse')) + ', ' + fd.get('received_on');
    }
    const s = $('#site');
    return 'Hand-out: ' + n + ' items at ' + (s && s.selectedOptions[0] ? s.selectedOptions[0].text : fd.get('site')) + ', ' + fd.get('handed_out_on');
  };

  const save = async (f, b, kind) => {
    const fd = new FormData(f);
    if (b && b.name) fd.set(b.name, b.value);
    const bad = personal(fd.get('note'));
    if (bad) { say(bad); $('#offline-status').className = 'flash error'; return; }
    // The key is made when Save is pressed: every later send of this entry is the same save.
    const key = uuid().replace(/-/g, '');
    fd.set('form_key', key);
    const e = { key, at: Date.now(), kind, path: act(f).pathname, fields: [...fd], summary: summary(kind, f, fd), state: 'waiting', handle: who() };
    let r;
    try { r = await answer(await post(act(f).href, e.fields)); } catch (_) { r = { error: true }; }
    const next = step(e, r);
    if (!next) { location.assign(r.url || (kind === 'intake' ? '/stock' : location.href)); return; }
    if (next.state === 'attention' && r.page) {
      // Online and refused or asked: the server's own page (errors beside the fields, or
      // the question with its confirm button), never swallowed.
      const m = $('main', r.page);
      if (m) { document.title = r.page.title || document.title; $('main').replaceWith(document.adoptNode(m)); scroll(0, 0); return; }
    }
    await put(Object.assign(next, { tries: 0 }));
    f.reset();
    const n = (await all()).filter(sendable).length;
    say('Saved on this phone — ' + n + ' waiting to send.' + (next.state === 'login' ? ' Log in to send.' : ''), 'See them');
    $('#offline-status').dataset.keep = '1';
    scroll(0, 0);
    later();
  };

  // Offline, a hand-out's + and − count on the phone instead of asking the server.
  const count = (f, b) => {
    if (b && b.name === 'step') {
      const [slug, d] = b.value.replace(/^unmet:/, '').split(/:(?=[-+]?\d+$)/);
      const i = document.getElementById((b.value.startsWith('unmet:') ? 'unmet-' : 'give-') + slug);
      if (i) i.value = Math.max(0, Math.min(+i.max || 1e6, (+i.value || 0) + +d));
    }
    // The count goes in the total bar, as the server writes it; the save button states no number.
    const sum = p => [...f.querySelectorAll('input[name^="' + p + '."]')].reduce((n, i) => n + (+i.value || 0), 0);
    const t = $('#total', f), g = sum('give'), u = sum('unmet');
    if (!t) return;
    const em = x => { t.appendChild(document.createElement('strong')).textContent = x; };
    t.textContent = '';
    em(g); t.append(' items');
    if (u) { t.append(', '); em(u); t.append(' asked for'); }
  };

  const offline = () => !navigator.onLine || !!$('#offline-banner');
  document.addEventListener('submit', ev => {
    const f = ev.target, kind = f.dataset && f.dataset.offline, b = ev.submitter;
    if (f.tagName === 'FORM' && act(f).pathname === '/logout') return leaving(ev);
    if (!kind) return;
    const saving = kind === 'intake' || (b && b.name === 'action' && b.value === 'save');
    if (!saving) { if (offline()) { ev.preventDefault(); count(f, b); } return; }
    ev.preventDefault();
    if (b) b.disabled = true;
    save(f, b, kind).finally(() => { if (b) b.disabled = false; });
  });

  // ---- sending ----
  let busy = false, delay = 4000, timer = 0;
  const later = () => { clearTimeout(timer); timer = setTimeout(flush, delay); delay = Math.min(delay * 2, 120000); };
  // A fresh form token (the session's, from the logout form) and who is logged in; a
  // redirect to the login page means the session has ended.
  const session = async () => {
    // Not followed: fetching the login page would replace the form token of a login
    // page open in this browser.
    const res = await fetch('/queue', { credentials: 'same-origin', redirect: 'manual' });
    if (res.type === 'opaqueredirect') return { login: true };
    if (!res.ok) throw new Error('status ' + res.status);
    const d = new DOMParser().parseFromString(await res.text(), 'text/html');
    const lo = $('form[action^="/logout"]', d);
    return { csrf: lo ? new URL(lo.action, location.href).searchParams.get('csrf') : '', handle: who(d) };
  };
  const run = async () => {
    const l = (await all()).filter(sendable);
    if (!l.length) return;
    let s;
    try { s = await session(); } catch (_) { later(); return; }
    for (const e of l) {
      if (s.login) { if (e.state !== 'login') await put(Object.assign(e, { state: 'login' })); continue; }
      if (e.handle && s.handle && e.handle !== s.handle) continue;
      await put(Object.assign(e, { state: 'sending' }));
      let r;
      try { r = await answer(await post(e.path + '?csrf=' + encodeURIComponent(s.csrf), e.fields)); } catch (_) { r = { error: true }; }
      const next = step(e, r);
      if (next) await put(next); else await drop(e.key);
      // In order: what could not go now waits, and so does everything after it.
      if (next && next.state === 'waiting') { later(); return; }
      if (next && next.state === 'login') s.login = true;
    }
    delay = 4000;
  };
  const flush = async () => {
    if (busy) return;
    busy = true;
    try { await (navigator.locks ? navigator.locks.request('haul-queue', run) : run()); } catch (_) { later(); }
    busy = false;
    status();
  };

  // ---- the queue page ----
  const button = (text, fn, confirmText) => {
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = text; b.className = 'secondary';
    b.onclick = () => {
      // A second tap confirms: no dialog for a thumb to dismiss by mistake.
      if (confirmText && !b.dataset.armed) { b.dataset.armed = '1'; b.textContent = confirmText; return; }
      fn();
    };
    return b;
  };
  const show = l => {
    const q = $('#queue');
    q.textContent = '';
    const add = (tag, text, parent, id) => { const x = document.createElement(tag); if (text) x.textContent = text; if (id) x.id = id; (parent || q).appendChild(x); return x; };
    const w = l.filter(sendable), a = l.filter(e => !sendable(e));
    if (!l.length) add('p', 'Nothing is waiting: everything saved on this phone has reached the server.', q, 'queue-empty');
    if (w.length) {
      add('h2', w.length + ' waiting to send');
      if (w.some(e => e.state === 'login')) { const p = add('p', 'Your session has ended: '); const a2 = add('a', 'log in', p); a2.href = '/login?next=/queue'; p.append(' and they are sent.'); }
      const ul = add('ul', '', q, 'queue-waiting');
      for (const e of w) {
        const li = add('li', e.summary + ' (saved ' + hm(e.at) + (e.handle ? ' by ' + e.handle : '') + ') ', ul);
        li.appendChild(button('Discard', () => drop(e.key).then(status), 'Really discard?'));
      }
      q.appendChild(button('Send now', () => { delay = 4000; flush(); }));
    }
    if (a.length) {
      add('h2', a.length + (a.length > 1 ? ' need' : ' needs') + ' attention');
      const ul = add('ul', '', q, 'queue-attention');
      for (const e of a) {
        const li = add('li', e.summary + ' ', ul);
        add('p', e.message, li).className = 'field-error';
        li.appendChild(button('Send again', () => put(Object.assign(e, { state: 'waiting', message: '' })).then(flush)));
        li.appendChild(button('Discard', () => drop(e.key).then(status), 'Really discard?'));
      }
    }
    add('h2', 'This phone');
    q.appendChild(button('Clear this phone', clear, 'Really remove the queue and the kept pages?'));
  };

  // ---- leaving: logout and "clear this phone" ----
  const forget = () => navigator.serviceWorker && navigator.serviceWorker.controller && navigator.serviceWorker.controller.postMessage('forget');
  const clear = async () => {
    await new Promise(ok => { const r = indexedDB.deleteDatabase('haul'); r.onsuccess = r.onerror = r.onblocked = ok; });
    for (const k of await caches.keys()) if (k.startsWith('haul-')) await caches.delete(k);
    say('This phone holds nothing of Haul now.');
    $('#offline-status').dataset.keep = '1';
    if ($('#queue')) $('#queue').textContent = '';
  };
  function leaving(ev) {
    if (ev.target.dataset.asked) { forget(); return; }
    ev.preventDefault();
    all().then(l => {
      if (!l.length) { ev.target.dataset.asked = '1'; forget(); ev.target.submit(); return; }
      // Unsent entries stay, kept for this volunteer, unless they choose to send first.
      say(l.length + ' entries are not sent yet. They stay on this phone for ' + (who() || 'you') + ' until you log in again.');
      const p = $('#offline-status');
      p.dataset.keep = '1';
      p.appendChild(button('Send them first', () => flush().then(() => location.assign('/queue'))));
      p.appendChild(button('Log out anyway', () => { ev.target.dataset.asked = '1'; forget(); ev.target.submit(); }));
      scroll(0, 0);
    });
  }

  window.haulQueue = { step, personal, all, flush };
  addEventListener('online', () => { delay = 4000; flush(); });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)
      .then(r => { if ($('form[action^="/logout"]') && navigator.onLine && !$('#offline-banner')) r.active.postMessage('warm'); })
      .catch(() => {});
  }
  status().then(() => { if (location.pathname !== '/login') flush(); }).catch(() => {});
})();

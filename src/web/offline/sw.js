// Haul's service worker (issue 14): keeps the app shell and the intake and hand-out
// pages on the phone, so they open without a connection. Pages are network-first:
// online they are always fresh; a copy is kept only of a page the volunteer could open.
'use strict';
const V = 'haul-__VERSION__';
const SHELL = ['/static/haul.css', '/static/haul.js', '/favicon.svg', '/static/icon.svg', '/manifest.webmanifest'];
// The pages worth having in a field: what a volunteer opens offline.
const PAGES = ['/intake', '/handouts', '/queue', '/'];
const WAIT = 6000;

self.addEventListener('install', e => {
  e.waitUntil(caches.open(V)
    .then(c => c.addAll(SHELL.map(u => new Request(u, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

// A deploy's new worker removes every older cache.
self.addEventListener('activate', e => {
  e.waitUntil(caches.keys()
    .then(ks => Promise.all(ks.filter(k => k.startsWith('haul-') && k !== V).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

const hm = t => new Date(t).toTimeString().slice(0, 5);

// Only a page the volunteer may open is kept: no login page, no error.
async function keep(req, res) {
  if (res.status !== 200 || res.redirected || !(res.headers.get('content-type') || '').startsWith('text/html')) return;
  const h = new Headers(res.headers);
  h.set('x-haul-at', String(Date.now()));
  const copy = new Response(await res.clone().blob(), { status: 200, headers: h });
  await (await caches.open(V)).put(req, copy);
}

function timeout(p) {
  return Promise.race([p, new Promise((_, ko) => setTimeout(() => ko(new Error('timeout')), WAIT))]);
}

async function fromCache(req) {
  const c = await caches.open(V);
  const hit = await c.match(req) || await c.match(new URL(req.url).pathname);
  if (!hit) {
    return new Response('<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Offline · Haul</title><link rel="stylesheet" href="/static/haul.css"><main><h1>Offline</h1><p>This page was not kept on this phone. <a href="/intake">Intake</a> · <a href="/handouts">Hand-outs</a> · <a href="/queue">Waiting to send</a></p></main>',
      { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  const line = '<p class="flash error" id="offline-banner" role="status">offline — figures as of ' +
    hm(+hit.headers.get('x-haul-at')) + '</p>';
  // The layout's main has attributes (`<main id="main" tabindex="-1">`): match the tag, not a literal.
  const html = (await hit.text()).replace(/<main\b[^>]*>/, m => m + line);
  return new Response(html, { status: 200, headers: hit.headers });
}

async function page(e) {
  try {
    const res = await timeout(fetch(e.request));
    if (res.status >= 500) return fromCache(e.request);
    e.waitUntil(keep(e.request, res.clone()));
    return res;
  } catch (_) {
    return fromCache(e.request);
  }
}

self.addEventListener('fetch', e => {
  const r = e.request, u = new URL(r.url);
  if (r.method !== 'GET' || u.origin !== location.origin) return;
  if (r.mode === 'navigate') {
    if (PAGES.includes(u.pathname)) e.respondWith(page(e));
    return;
  }
  if (SHELL.includes(u.pathname)) {
    e.respondWith(caches.match(r, { ignoreSearch: true }).then(m => m || fetch(r)));
  }
});

// The script asks, once a volunteer is logged in, for the pages to be kept now, not
// only after each is opened; 'forget' drops them (logout, "clear this phone").
self.addEventListener('message', e => {
  if (e.data === 'warm') {
    // A copy kept in the last 5 minutes is left alone: no extra traffic on every page.
    e.waitUntil(caches.open(V).then(c => Promise.all(PAGES.map(p => c.match(p)
      .then(m => m && Date.now() - +m.headers.get('x-haul-at') < 300000 ? 0 : fetch(p).then(res => keep(p, res)))
      .catch(() => {})))));
  } else if (e.data === 'forget') {
    e.waitUntil(caches.open(V).then(c => Promise.all(PAGES.map(p => c.delete(p, { ignoreSearch: true })))));
  }
});

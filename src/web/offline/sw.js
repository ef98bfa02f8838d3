// Haul's service worker (issue 14): the app shell and the intake and hand-out pages
// open without a connection. Pages are network-first (fresh when online); a copy is
// kept only of a page the volunteer could open.
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
  const h = new Headers(res.headers), t = await res.clone().text();
  h.set('x-haul-at', String(Date.now()));
  h.set('x-haul-lang', (t.match(/<html lang="([^"]*)"/) || [])[1] || '');
  const copy = new Response(t, { status: 200, headers: h });
  await (await caches.open(V)).put(req, copy);
}

function timeout(p) {
  return Promise.race([p, new Promise((_, ko) => setTimeout(() => ko(new Error('timeout')), WAIT))]);
}

async function fromCache(req) {
  const c = await caches.open(V);
  // A page never kept opens the queue page (kept at the first page load) instead.
  const hit = await c.match(req) || await c.match(new URL(req.url).pathname) || await c.match('/queue');
  if (!hit) return Response.error();
  // The page's own words (its script tag's data-asof, in the volunteer's language,
  // escaped for HTML).
  const html = await hit.text(), asof = (html.match(/data-asof="([^"]*)"/) || [])[1] || '%t';
  const line = '<p class="flash error" id="offline-banner" role="status">' +
    asof.replace('%t', hm(+hit.headers.get('x-haul-at'))) + '</p>';
  // Match the tag: the layout's <main> has attributes.
  return new Response(html.replace(/<main\b[^>]*>/, m => m + line), { status: 200, headers: hit.headers });
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
// only after each is opened ('warm <lang>'); 'forget' drops them (logout).
self.addEventListener('message', e => {
  if (String(e.data).startsWith('warm ')) {
    // A copy kept in the last 5 minutes, in this language, stays: no traffic on
    // every page.
    e.waitUntil(caches.open(V).then(c => Promise.all(PAGES.map(p => c.match(p)
      .then(m => m && m.headers.get('x-haul-lang') === e.data.slice(5) && Date.now() - +m.headers.get('x-haul-at') < 300000 ? 0 : fetch(p).then(res => keep(p, res)))
      .catch(() => {})))));
  } else if (e.data === 'forget') {
    e.waitUntil(caches.open(V).then(c => Promise.all(PAGES.map(p => c.delete(p, { ignoreSearch: true })))));
  }
});

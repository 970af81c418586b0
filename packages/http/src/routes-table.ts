// The methods each path answers, recorded as routes are added, so an unknown path is a 404 and a known path
// with another method is a 405 with `Allow`.
import type { FastifyInstance } from 'fastify';

interface RoutePattern {
  test: RegExp;
  methods: Set<string>;
}

function patternOf(url: string): RegExp {
  const parts = url.split(/(:[A-Za-z0-9_]+|\*)/).map((p) => {
    if (p === '*') return '.*';
    if (p.startsWith(':')) return '[^/]+';
    return p.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}/?$`);
}

export interface RouteTable {
  /** The methods registered for a concrete path (HEAD with GET), sorted; empty when no route matches. */
  allowed(path: string): string[];
  /** Every route as registered (method, url pattern), for tests that walk them all. */
  list(): { method: string; url: string }[];
}

export function recordRoutes(app: FastifyInstance): RouteTable {
  const patterns = new Map<string, RoutePattern>();
  const all: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let p = patterns.get(route.url);
    if (!p) {
      p = { test: patternOf(route.url), methods: new Set() };
      patterns.set(route.url, p);
    }
    for (const m of methods) {
      p.methods.add(m);
      all.push({ method: m, url: route.url });
    }
  });
  return {
    allowed(path) {
      const methods = new Set<string>();
      for (const p of patterns.values()) {
        if (p.test.test(path)) for (const m of p.methods) methods.add(m);
      }
      if (methods.has('GET')) methods.add('HEAD');
      return [...methods].sort();
    },
    list: () => [...all],
  };
}

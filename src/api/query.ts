/** A request's query as routes read it: `get` answers exactly as URLSearchParams#get does. */
export interface Query {
  get(name: string): string | null;
}

/**
 * Most queries (ids, numbers, names, "true") have nothing to decode: they are read in place, without building
 * URLSearchParams' list on every request (#18). Anything with `%` or `+` goes to URLSearchParams for the exact
 * WHATWG decoding.
 */
export function parseQuery(search: string): Query {
  if (search.includes('%') || search.includes('+') || search.startsWith('?')) return new URLSearchParams(search);
  return new PlainQuery(search);
}

class PlainQuery implements Query {
  constructor(private readonly search: string) {}

  get(name: string): string | null {
    const s = this.search;
    for (let at = 0; at < s.length; ) {
      let end = s.indexOf('&', at);
      if (end < 0) end = s.length;
      // Empty pieces ("a&&b") are no pairs at all.
      if (end === at) {
        at++;
        continue;
      }
      const eq = s.indexOf('=', at);
      const keyEnd = eq >= 0 && eq < end ? eq : end;
      // The first pair with this name wins, as in URLSearchParams.
      if (keyEnd - at === name.length && s.startsWith(name, at)) return keyEnd === end ? '' : s.slice(keyEnd + 1, end);
      at = end + 1;
    }
    return null;
  }
}

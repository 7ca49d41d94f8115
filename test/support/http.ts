import type { RoamingMock } from '../../src/index.ts';

/** In-process calls through mock.fetch (the same router every door uses). */
export function client(mock: RoamingMock, base = 'http://roaming.test') {
  return async (method: string, path: string, options: { body?: unknown; token?: string; raw?: string } = {}) => {
    const res = await mock.fetch(
      new Request(base + path, {
        method,
        headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        ...(options.raw !== undefined ? { body: options.raw } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      }),
    );
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
    return { status: res.status, headers: res.headers, text, json: isJson && text ? (JSON.parse(text) as any) : undefined };
  };
}

/** The `yyyyMMddHH` that names the hour holding `ms` in a UTC offset (SPEC-2 R50: Beijing, +8, by default). */
export const hourName = (ms: number, offsetHours = 8): string => new Date(ms + offsetHours * 3_600_000).toISOString().replace(/[-T:]/g, '').slice(0, 10);

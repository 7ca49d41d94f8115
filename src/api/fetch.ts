import { MAX_BODY_BYTES, tooLarge, type ApiRequest, type ApiResponse } from './request.ts';
import { utf8Length } from '../core/utf8-length.ts';
import { renderError } from './wire/envelope.ts';

/** Fetch `Request` → plain request: for MSW, browsers and in-process tests (not the server's hot path). */
export async function fromFetchRequest(request: Request, basePath = ''): Promise<ApiRequest | { tooLarge: number }> {
  const url = new URL(request.url);
  // A mount prefix (MSW baseUrl with a path) is not part of the route table's paths.
  const path = basePath !== '' && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const declared = Number(headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return { tooLarge: declared };
  let rawBody: string | undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > MAX_BODY_BYTES) return { tooLarge: bytes.byteLength };
    rawBody = new TextDecoder().decode(bytes);
  }
  return {
    method: request.method,
    path,
    search: url.search.slice(1),
    headers,
    ...(rawBody !== undefined ? { rawBody } : {}),
    origin: url.origin,
  };
}

export function toFetchResponse(res: ApiResponse, method = 'GET'): Response {
  // A dropped connection looks like a network error to fetch callers.
  if (res.drop) return Response.error();
  const noBody = res.status === 204 || res.status === 304;
  // HEAD: GET's headers with its length, and no body (as a network fetch of HEAD would give).
  if (method === 'HEAD' && !noBody) return new Response(null, { status: res.status, headers: { ...res.headers, 'content-length': String(byteLengthOf(res)) } });
  return new Response(noBody ? null : (res.bytes ?? res.body), { status: res.status, headers: res.headers });
}

const byteLengthOf = (res: ApiResponse): number => res.bytes?.byteLength ?? res.byteLength ?? utf8Length(res.body);

/** A 413 before the body is handed to the router. */
export function tooLargeResponse(bytes: number, now: number): ApiResponse {
  return renderError(tooLarge(bytes), now, { 'access-control-allow-origin': '*' });
}

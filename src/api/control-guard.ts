import { RoamingError } from '../core/errors.ts';
import type { ApiResponse } from './request.ts';
import { renderError } from './wire/envelope.ts';
import { bearerToken } from './auth.ts';

/**
 * Guards of the control plane for the network doors (standalone server, express mount): a listener any web page
 * can reach. In-process doors (MSW, mock.fetch) have no listener to attack and do not use it (DESIGN.md).
 */
export interface ControlGuardOptions {
  /** Host names besides loopback ones that may reach `/_mock` (`--allow-host`); others get 403 (DNS rebinding). */
  allowHosts?: readonly string[];
  /** Let other origins call `/_mock` and answer them with CORS headers (`--cors-control`). Off by default. */
  corsControl?: boolean;
  /** Require `Authorization: Bearer <token>` on `/_mock` (`--control-token`); the inspector takes it once as `?token=`. */
  controlToken?: string;
}

/** What a guard reads of a request: plain fields, so every network door can fill them. */
export interface GuardedRequest {
  readonly method: string;
  /** Mount-relative path, no query. */
  readonly path: string;
  readonly search: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly hasBody: boolean;
}

export interface ControlGuard {
  /** Does `check` look at requests to this path at all? (Doors skip building a GuardedRequest when not.) */
  covers(path: string): boolean;
  /** An answer that refuses (or, for the inspector's `?token=`, redirects) the request; undefined lets it through. */
  check(req: GuardedRequest, now: number): ApiResponse | undefined;
  /** Take CORS headers off a control-plane answer unless `corsControl` (the tenant API keeps them). */
  finish(path: string, res: ApiResponse): ApiResponse;
}

const CONTROL_COOKIE = 'roaming_mock_control';

/** Control-plane paths the guards cover: `/_mock/files` is not one — its signed URL is its guard. */
const isGuardedPath = (path: string): boolean => (path === '/_mock' || path.startsWith('/_mock/')) && !path.startsWith('/_mock/files/');

const header = (req: GuardedRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `host[:port]` → host name, lower case, IPv6 without brackets. */
function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** Names that can only mean this machine: a rebinding attacker's DNS name is never one of them. */
const isLoopback = (name: string): boolean =>
  name === 'localhost' || name.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === '::1' || name === '::ffff:127.0.0.1';

/** Compare secrets in constant time. */
function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function cookieValue(cookies: string | undefined, name: string): string | undefined {
  for (const part of (cookies ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

const isJson = (contentType: string | undefined): boolean => {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
};

export function createControlGuard(options: ControlGuardOptions = {}): ControlGuard {
  const allowed = new Set((options.allowHosts ?? []).map(hostName));
  const token = options.controlToken;
  const refuse = (err: RoamingError, now: number): ApiResponse => renderError(err, now);
  return {
    covers: isGuardedPath,
    check(req, now) {
      if (!isGuardedPath(req.path)) return undefined;
      const host = header(req, 'host') ?? '';
      const name = hostName(host);
      if (!isLoopback(name) && !allowed.has(name)) {
        return refuse(new RoamingError('forbidden', `Host: ${JSON.stringify(host)} may not reach the control plane (DNS rebinding guard); allowed: loopback names and --allow-host names`, 'Host'), now);
      }
      if (!options.corsControl) {
        const origin = header(req, 'origin');
        if (origin !== undefined && origin !== `http://${host.toLowerCase()}` && origin !== `https://${host.toLowerCase()}`) {
          return refuse(new RoamingError('forbidden', `Origin: ${JSON.stringify(origin)} may not call the control plane; only pages of this server may (start with --cors-control to allow other origins)`, 'Origin'), now);
        }
        // Browsers send no Origin on simple cross-site GETs, but they do say where the request comes from.
        const site = header(req, 'sec-fetch-site');
        const navigation = req.method === 'GET' && header(req, 'sec-fetch-mode') === 'navigate' && (req.path === '/_mock/ui' || req.path === '/_mock/ui/');
        if (site !== undefined && site !== 'same-origin' && site !== 'none' && !navigation) {
          return refuse(new RoamingError('forbidden', `Sec-Fetch-Site: a ${site} request may not call the control plane (start with --cors-control to allow other origins)`, 'Origin'), now);
        }
      }
      if (token !== undefined) {
        const bearer = bearerToken(header(req, 'authorization') ?? '');
        const given = bearer ?? cookieValue(header(req, 'cookie'), CONTROL_COOKIE);
        if (given === undefined || !sameSecret(given, token)) {
          const query = new URLSearchParams(req.search).get('token');
          if (req.method === 'GET' && (req.path === '/_mock/ui' || req.path === '/_mock/ui/') && query !== null && sameSecret(query, token)) {
            // The inspector: the token once in the URL, then an HttpOnly cookie its own requests carry (SameSite=Strict).
            return { status: 303, headers: { location: req.path === '/_mock/ui' ? 'ui' : '../ui', 'set-cookie': `${CONTROL_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`, 'cache-control': 'no-store' }, body: '' };
          }
          return refuse(new RoamingError('unauthorized', 'Authorization: the control plane needs "Authorization: Bearer <control token>" (this server runs with --control-token); for the inspector open /_mock/ui?token=<control token> once', 'Authorization'), now);
        }
      }
      if (req.hasBody && !isJson(header(req, 'content-type'))) {
        return refuse(new RoamingError('unsupported_media_type', `Content-Type: control-plane bodies must be application/json, got ${JSON.stringify(header(req, 'content-type') ?? '')}`, 'Content-Type'), now);
      }
      return undefined;
    },
    finish(path, res) {
      if (options.corsControl || !isGuardedPath(path)) return res;
      for (const name of Object.keys(res.headers)) if (name.startsWith('access-control-')) delete res.headers[name];
      return res;
    },
  };
}

/** The warning `serve` prints when the control plane is reachable from other machines with no token. */
export function exposureWarning(host: string, controlToken: string | undefined): string | undefined {
  if (controlToken !== undefined && controlToken !== '') return undefined;
  const name = host.trim().replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopback(name)) return undefined;
  return `[roaming-mock] warning: listening on ${host}, reachable from other machines, without --control-token: anyone who reaches it can replace every tenant through /_mock. Start with --control-token <secret> (or ROAMING_MOCK_CONTROL_TOKEN).`;
}

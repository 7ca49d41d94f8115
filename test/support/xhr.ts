// The default import, called at send time: MSW patches http.request on the module object.
import http from 'node:http';

/**
 * The smallest XMLHttpRequest the Easemob Web SDK needs in Node (test-only): async open/send, headers,
 * readyState 4 with status and responseText, timeout/error callbacks. Methods are upper-cased (the SDK sends
 * "Post"/"Delete" for marks; browsers normalise them) and DELETE bodies get a Content-Length.
 */
export class NodeXMLHttpRequest {
  readyState = 0;
  status = 0;
  responseText = '';
  response: unknown = '';
  responseType = '';
  timeout = 0;
  withCredentials = false;
  responseURL = '';
  onreadystatechange: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  onload: (() => void) | null = null;
  readonly upload = { addEventListener: () => undefined };
  private method = 'GET';
  private url = '';
  private headers: Record<string, string> = {};
  private listeners: Record<string, Array<() => void>> = {};

  open(method: string, url: string): void {
    this.method = method.toUpperCase();
    this.url = url;
    this.readyState = 1;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  overrideMimeType(): void {}
  getAllResponseHeaders(): string {
    return '';
  }
  addEventListener(type: string, fn: () => void): void {
    (this.listeners[type] ??= []).push(fn);
  }
  abort(): void {
    this.onabort?.();
  }
  send(body?: string | null): void {
    const data = body ?? undefined;
    const headers = { ...this.headers, ...(data !== undefined ? { 'Content-Length': String(Buffer.byteLength(data)) } : {}) };
    const req = http.request(this.url, { method: this.method, headers, timeout: this.timeout || undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        this.status = res.statusCode ?? 0;
        this.responseText = Buffer.concat(chunks).toString('utf8');
        this.response = this.responseText;
        this.responseURL = this.url;
        this.readyState = 4;
        this.onreadystatechange?.();
        this.onload?.();
        for (const fn of this.listeners['load'] ?? []) fn();
      });
    });
    req.on('timeout', () => {
      req.destroy();
      this.ontimeout?.();
    });
    req.on('error', () => {
      this.readyState = 4;
      this.status = 0;
      this.onerror?.();
      for (const fn of this.listeners['error'] ?? []) fn();
    });
    if (data !== undefined) req.write(data);
    req.end();
  }
}

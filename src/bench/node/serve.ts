// A static server for the built app plus the job `kiln bench` hands the page (/__bench/...).
// Cross-origin isolated (COOP + COEP), so the page's clocks are precise (5 µs rather than 100 µs
// in Chromium) and every engine sees the same SharedArrayBuffer support.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };

export interface BenchServer {
  readonly origin: string;
  /** Serves `body` at `/__bench/<name>` until replaced. */
  put(name: string, body: Uint8Array | string): void;
  close(): Promise<void>;
}

export async function serveApp(root: string): Promise<BenchServer> {
  const files = new Map<string, Uint8Array>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.startsWith('/__bench/')) {
      const body = files.get(path.slice('/__bench/'.length));
      if (!body) return void res.writeHead(404, ISOLATION).end();
      res.writeHead(200, { ...ISOLATION, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      return void res.end(body);
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404, ISOLATION).end();
    res.writeHead(200, { ...ISOLATION, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    put: (name, body) => files.set(name, typeof body === 'string' ? new TextEncoder().encode(body) : body),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

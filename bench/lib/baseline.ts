import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Snapshot {
  status: number;
  contentType: string;
  body: Buffer;
}

/** One GET with exactly the headers autocannon sends (host only: no accept-encoding, so the bytes are uncompressed). */
export function snapshot(url: string, headers: Record<string, string> = {}): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? 'application/octet-stream'),
          body: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** The baseline: a plain node:http server answering every request with the same status, type and bytes. */
export async function startBaseline(page: Snapshot, path = '/'): Promise<RunningServer> {
  const server = http.createServer((_request, response) => {
    response.writeHead(page.status, { 'content-type': page.contentType, 'content-length': page.body.length });
    response.end(page.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

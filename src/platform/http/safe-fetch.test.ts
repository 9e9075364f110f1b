import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { selfSignedCertificate, startHttpsServer, type TestHttpsServer } from '../../../test/helpers/https-server.js';
import { addressRefusal } from './address-policy.js';
import { safeFetch, type ResolvedAddress, type SafeFetchOptions } from './safe-fetch.js';

const NAMES: Record<string, string[]> = {
  'media.test': ['127.0.0.1'],
  'private.test': ['10.0.0.5'],
  'mixed.test': ['93.184.215.14', '192.168.0.10'],
  'metadata.test': ['169.254.169.254'],
  'six.test': ['2606:4700::1', 'fd00::1'],
};

/** Test names instead of DNS, and the one loopback address of the test server allowed; everything else as in production. */
const resolve = vi.fn(async (host: string): Promise<ResolvedAddress[]> => {
  const addresses = NAMES[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
});
const refusal = (address: string) => (address === '127.0.0.1' ? null : addressRefusal(address));

describe('safeFetch: addresses refused before any connection', () => {
  const options: SafeFetchOptions = { maxBytes: 1000, resolve, refusal: addressRefusal };

  it.each([
    ['https://127.0.0.1/a.jpg', 'refused: 127.0.0.1 is a loopback address'],
    ['https://0x7f.1/a.jpg', 'refused: 127.0.0.1 is a loopback address'],
    ['https://2130706433/a.jpg', 'refused: 127.0.0.1 is a loopback address'],
    ['https://017700000001/a.jpg', 'refused: 127.0.0.1 is a loopback address'],
    ['https://127.1/a.jpg', 'refused: 127.0.0.1 is a loopback address'],
    ['https://[::1]/a.jpg', 'refused: ::1 is a loopback address'],
    ['https://[::ffff:127.0.0.1]/a.jpg', 'refused: ::ffff:7f00:1 is a loopback address'],
    ['https://[::ffff:a00:5]/a.jpg', 'refused: ::ffff:a00:5 is a private address'],
    ['https://0/a.jpg', 'refused: 0.0.0.0 is an unspecified ("this network") address'],
    ['https://10.0.0.5/a.jpg', 'refused: 10.0.0.5 is a private address'],
    ['https://0xa000005/a.jpg', 'refused: 10.0.0.5 is a private address'],
    ['https://172.16.9.9/a.jpg', 'refused: 172.16.9.9 is a private address'],
    ['https://192.168.0.1/a.jpg', 'refused: 192.168.0.1 is a private address'],
    ['https://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local address'],
    ['https://100.64.1.1/a.jpg', 'refused: 100.64.1.1 is a carrier-grade NAT (shared) address'],
    ['https://[fc00::1]/a.jpg', 'refused: fc00::1 is a unique local address'],
    ['https://[fe80::1]/a.jpg', 'refused: fe80::1 is a link-local address'],
    ['https://private.test/a.jpg', 'refused: 10.0.0.5 is a private address (an address of private.test)'],
    ['https://metadata.test/a.jpg', 'refused: 169.254.169.254 is a link-local address (an address of metadata.test)'],
    // One bad address among good ones is enough: the connection could go to any of them.
    ['https://mixed.test/a.jpg', 'refused: 192.168.0.10 is a private address (an address of mixed.test)'],
    ['https://six.test/a.jpg', 'refused: fd00::1 is a unique local address (an address of six.test)'],
    ['http://media.test/a.jpg', 'refused: http://media.test/a.jpg is not https'],
    ['ftp://media.test/a.jpg', 'refused: ftp://media.test/a.jpg is not https'],
    ['file:///etc/passwd', 'refused: file:///etc/passwd is not https'],
    ['not a url', '"not a url" is not a URL'],
    ['https://nowhere.test/a.jpg', 'could not resolve nowhere.test (ENOTFOUND)'],
  ])('%s: %s', async (url, message) => {
    await expect(safeFetch(url, options)).rejects.toThrow(message);
  });

  it('never resolves a name for an http URL', async () => {
    resolve.mockClear();
    await expect(safeFetch('http://media.test/a.jpg', options)).rejects.toThrow('not https');
    expect(resolve).not.toHaveBeenCalled();
  });

  it('refuses localhost by what the system resolves it to', async () => {
    await expect(safeFetch('https://localhost/a.jpg', { maxBytes: 1000 })).rejects.toThrow(
      /^refused: (127\.0\.0\.1|::1) is a loopback address \(an address of localhost\)$/,
    );
  });
});

const certificate = selfSignedCertificate(['media.test']);
if (!certificate) console.log('[dateline] safeFetch tests against an https server SKIPPED: the openssl command is not installed');

(certificate ? describe : describe.skip)('safeFetch against an https server', () => {
  let server: TestHttpsServer;
  const seen: { host?: string; servername?: string | false | null } = {};
  const photo = Buffer.from('pretend this is a JPEG '.repeat(10));
  let base: string;
  let options: SafeFetchOptions;

  beforeAll(async () => {
    server = await startHttpsServer(certificate!, (request, response) => {
      const url = new URL(request.url ?? '/', 'https://media.test');
      seen.host = request.headers.host;
      seen.servername = (request.socket as import('node:tls').TLSSocket).servername;
      const redirect = (location: string, status = 302) => {
        response.writeHead(status, { location });
        response.end();
      };
      const hops = /^\/hops\/(\d+)$/.exec(url.pathname);
      if (url.pathname === '/photo.jpg') {
        response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': photo.length });
        response.end(photo);
      } else if (hops) {
        const n = Number(hops[1]);
        redirect(n > 1 ? `/hops/${n - 1}` : '/photo.jpg', [301, 302, 303, 307, 308][n % 5]);
      } else if (url.pathname === '/to-private-name') redirect('https://private.test/photo.jpg');
      else if (url.pathname === '/to-private-address') redirect('https://10.0.0.5/photo.jpg');
      else if (url.pathname === '/to-loopback') redirect(`https://[::ffff:7f00:1]:${server.port}/photo.jpg`);
      else if (url.pathname === '/to-http') redirect(`http://media.test:${server.port}/photo.jpg`);
      else if (url.pathname === '/declared-large') {
        response.writeHead(200, { 'content-length': 5000 });
        response.end(Buffer.alloc(5000));
      } else if (url.pathname === '/undeclared-large') {
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        // Chunked, no length: the bytes are counted as they come.
        for (let i = 0; i < 10; i++) response.write(Buffer.alloc(300));
        response.end();
      } else if (url.pathname === '/hang') {
        response.writeHead(200);
        response.write('a little');
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    base = `https://media.test:${server.port}`;
    options = { maxBytes: 1000, resolve, refusal, ca: certificate!.cert };
  });
  afterAll(async () => server?.close());

  it('fetches over https from the checked address, with the name as SNI and Host', async () => {
    const result = await safeFetch(`${base}/photo.jpg`, options);
    expect(result.body.equals(photo)).toBe(true);
    expect(result.contentType).toBe('image/jpeg');
    expect(result.url).toBe(`${base}/photo.jpg`);
    expect(seen).toEqual({ host: `media.test:${server.port}`, servername: 'media.test' });
  });

  it('still verifies the certificate', async () => {
    await expect(safeFetch(`${base}/photo.jpg`, { ...options, ca: undefined })).rejects.toThrow(/^TLS: .*certificate/);
  });

  it('follows up to five redirects, each of every kind, and no more', async () => {
    const followed = await safeFetch(`${base}/hops/5`, options);
    expect(followed.url).toBe(`${base}/photo.jpg`);
    expect(followed.body.equals(photo)).toBe(true);
    await expect(safeFetch(`${base}/hops/6`, options)).rejects.toThrow('too many redirects (more than 5)');
    await expect(safeFetch(`${base}/hops/2`, { ...options, maxRedirects: 1 })).rejects.toThrow('too many redirects (more than 1)');
  });

  it('checks every redirect hop: a private name or address, a loopback address, http', async () => {
    await expect(safeFetch(`${base}/to-private-name`, options)).rejects.toThrow('refused: 10.0.0.5 is a private address (an address of private.test)');
    await expect(safeFetch(`${base}/to-private-address`, options)).rejects.toThrow('refused: 10.0.0.5 is a private address');
    await expect(safeFetch(`${base}/to-loopback`, options)).rejects.toThrow('refused: ::ffff:7f00:1 is a loopback address');
    await expect(safeFetch(`${base}/to-http`, options)).rejects.toThrow(
      `refused: redirected to http://media.test:${server.port}/photo.jpg, which is not https`,
    );
  });

  it('checks the address it actually connected to', async () => {
    // The name's check passes; by the time the socket connects the policy says no (as if the address had changed).
    let checks = 0;
    const requests = server.requests.length;
    const changing = (address: string) => (++checks === 1 ? refusal(address) : 'no longer allowed');
    await expect(safeFetch(`${base}/photo.jpg`, { ...options, refusal: changing })).rejects.toThrow('refused: connected to 127.0.0.1, no longer allowed');
    expect(server.requests.length).toBe(requests);
  });

  it('caps the size, by Content-Length and by the bytes that come', async () => {
    await expect(safeFetch(`${base}/declared-large`, options)).rejects.toThrow('larger than the 1000 bytes cap (4.9 KB)');
    await expect(safeFetch(`${base}/undeclared-large`, options)).rejects.toThrow('larger than the 1000 bytes cap');
    expect((await safeFetch(`${base}/undeclared-large`, { ...options, maxBytes: 3000 })).body.length).toBe(3000);
  });

  it('gives up at the deadline, and names an HTTP error', async () => {
    await expect(safeFetch(`${base}/hang`, { ...options, timeoutMs: 300 })).rejects.toThrow('no complete answer within 300 ms (timed out)');
    await expect(safeFetch(`${base}/hang`, { ...options, idleTimeoutMs: 200 })).rejects.toThrow(`the connection to media.test went silent (timed out)`);
    await expect(safeFetch(`${base}/missing.jpg`, options)).rejects.toThrow('HTTP 404 Not Found');
  });
});

#!/usr/bin/env node
// The bench's Node peer: the gateway's WebSocket conversation on Node's `http` and the `ws` package (the stack
// upstream's gateway is built on), so `make bench` can compare the gateway with what users run instead.
// Loopback only. See docs/performance.md ("The Node peer").
//
//   node bench/node-peer/peer.js serve --port P [--status FILE] [--token T]
//       Serves 127.0.0.1:P: on upgrade sends `connect.challenge`; the first message must be a `connect` request
//       (protocol range containing 4, the token when one is set) -> `hello-ok`; then `health` and `status`
//       requests are answered (`status` with the object in FILE, stringified per request as a live object would
//       be); anything else gets an error response; no `connect` within 10 s closes 1008. SIGTERM exits 0.
//   node bench/node-peer/peer.js fetch-status --port P
//       Runs the conversation once against 127.0.0.1:P (the gateway) and prints the `status` payload, so the peer
//       answers with a payload of the same shape and size.
'use strict';
module.paths.push('/usr/share/nodejs');
const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const WebSocket = require('ws');

function option(name, fallback) {
  const index = process.argv.indexOf('--' + name);
  return index > 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const port = Number(option('port', '0'));
if (!(port > 0 && port < 65536)) {
  process.stderr.write('peer.js: --port P is required\n');
  process.exit(64);
}

function serve() {
  const statusFile = option('status', null);
  const status = statusFile ? JSON.parse(fs.readFileSync(statusFile, 'utf8')) : { status: 'ready' };
  const token = option('token', null);
  const instanceId = crypto.randomBytes(8).toString('hex');
  const limits = { maxPayload: 1 << 20, maxPreConnectPayload: 64 * 1024 };
  const server = http.createServer((request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, status: 'live' }));
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'not found' }));
    }
  });
  const wss = new WebSocket.Server({ server, maxPayload: limits.maxPayload });
  wss.on('connection', (socket) => {
    let connected = false;
    const send = (value) => socket.send(JSON.stringify(value));
    const timer = setTimeout(() => socket.close(1008, 'connect timeout'), 10000);
    socket.on('close', () => clearTimeout(timer));
    send({ type: 'event', event: 'connect.challenge',
      payload: { nonce: crypto.randomBytes(16).toString('hex'), ts: Date.now(), instanceId } });
    socket.on('message', (data, isBinary) => {
      let frame = null;
      if (!isBinary && (connected || data.length <= limits.maxPreConnectPayload)) {
        try { frame = JSON.parse(data.toString('utf8')); } catch (error) { frame = null; }
      }
      const valid = frame !== null && typeof frame === 'object' && frame.type === 'req' &&
        (typeof frame.id === 'number' || (typeof frame.id === 'string' && frame.id.length > 0));
      if (!connected) {
        if (!valid || frame.method !== 'connect') return socket.close(1008, 'invalid handshake');
        const params = frame.params || {};
        if (!Number.isInteger(params.minProtocol) || !Number.isInteger(params.maxProtocol)) {
          return socket.close(1008, 'invalid handshake');
        }
        if (params.minProtocol > 4 || params.maxProtocol < 4) return socket.close(1002, 'protocol mismatch');
        if (token !== null && !(params.auth && params.auth.token === token)) return socket.close(1008, 'unauthorized');
        connected = true;
        clearTimeout(timer);
        return send({ type: 'res', id: frame.id, ok: true, payload: {
          type: 'hello-ok', protocol: 4,
          server: { version: 'node-peer', connId: crypto.randomBytes(8).toString('hex'), instanceId },
          features: { methods: ['health', 'status'], events: ['connect.challenge', 'shutdown'] },
          policy: limits } });
      }
      if (!valid || typeof frame.method !== 'string') {
        return send({ type: 'res', id: frame && frame.id !== undefined ? frame.id : null, ok: false,
          error: { code: 'invalid_request', message: 'expected {"type":"req","id","method"}' } });
      }
      switch (frame.method) {
        case 'status': return send({ type: 'res', id: frame.id, ok: true, payload: status });
        case 'health': return send({ type: 'res', id: frame.id, ok: true,
          payload: { ok: true, status: 'live', ready: true, instanceId } });
        default: return send({ type: 'res', id: frame.id, ok: false,
          error: { code: 'unknown_method', message: 'unknown method ' + frame.method } });
      }
    });
  });
  server.listen({ host: '127.0.0.1', port, backlog: 511 });
  process.on('SIGTERM', () => process.exit(0));
}

function fetchStatus() {
  const socket = new WebSocket('ws://127.0.0.1:' + port + '/');
  const fail = (why) => {
    process.stderr.write('peer.js fetch-status: ' + why + '\n');
    process.exit(1);
  };
  setTimeout(() => fail('no status answer within 20 s'), 20000).unref();
  socket.on('error', (error) => fail(String(error)));
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString('utf8'));
    if (frame.event === 'connect.challenge') {
      socket.send(JSON.stringify({ type: 'req', id: 'c1', method: 'connect',
        params: { minProtocol: 4, maxProtocol: 4, client: { name: 'bench' } } }));
    } else if (frame.id === 'c1') {
      if (!frame.ok) fail('connect refused: ' + data);
      socket.send(JSON.stringify({ type: 'req', id: 's1', method: 'status' }));
    } else if (frame.id === 's1') {
      if (!frame.ok) fail('status refused: ' + data);
      process.stdout.write(JSON.stringify(frame.payload) + '\n');
      socket.close(1000);
      process.exit(0);
    }
  });
}

if (process.argv[2] === 'serve') serve();
else if (process.argv[2] === 'fetch-status') fetchStatus();
else {
  process.stderr.write('usage: peer.js serve --port P [--status FILE] [--token T] | fetch-status --port P\n');
  process.exit(64);
}

// What PROTOCOL describes and the server did not do when these were written (jwt `auth`/`refresh`, presence),
// checked against a peer on a real socket that answers as PROTOCOL says, frame by frame. Uploads, which started
// here too, are checked against the jar now (uploads.test.js), with the cases the jar cannot be made to show on
// demand against a peer of their own (upload-peer.test.js).

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';

import { WebSocketServer } from 'ws';

import { testClient } from '../support/clients.js';
import { nextEvent, waitFor } from '../support/wait.js';

const MAX_MESSAGE_BYTES = 1024;

/** A peer that speaks PROTOCOL's jwt mode and presence. */
async function protocolPeer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const peer = { urls: [], frames: [], connections: 0, wss };
  wss.on('connection', (socket, request) => {
    peer.connections += 1;
    peer.urls.push(request.url);
    const send = (frame) => socket.send(JSON.stringify(frame));
    let user = null;
    const welcome = (token) => {
      user = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
      send({ type: 'welcome', protocol: 1, connection: `c${peer.connections}`, user, node: 'peer',
        heartbeat: { interval_ms: 25_000, timeout_ms: 10_000 },
        limits: { max_message_bytes: MAX_MESSAGE_BYTES, messages_per_second: 1000, max_upload_bytes: 100_000 } });
    };
    const inUrl = new URL(request.url, 'http://peer').searchParams.get('access_token');
    if (inUrl) welcome(inUrl);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      peer.frames.push(frame);
      if (!user && frame.type !== 'auth') return socket.close(1008, 'auth first');
      switch (frame.type) {
        case 'auth':
          return welcome(frame.token);
        case 'refresh':
          return send({ type: 'refreshed', ref: frame.ref, expires_at: new Date(Date.now() + 3600_000).toISOString() });
        case 'join':
          send({ type: 'joined', ref: frame.ref, conversation: frame.conversation, role: 'member', offset: frame.since ?? 0 });
          return send({ type: 'presence_join', conversation: frame.conversation, user: 'bob' });
        case 'presence':
          return send({ type: 'presence', ref: frame.ref, conversation: frame.conversation,
            members: [{ user, connections: 1 }, { user: 'bob', connections: 2 }] });
        case 'ping':
          return send({ type: 'pong', ref: frame.ref });
        default:
          return send({ type: 'error', code: 'unknown_type', message: frame.type, ref: frame.ref });
      }
    });
  });
  peer.url = `ws://127.0.0.1:${wss.address().port}/ws`;
  peer.close = () => new Promise((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close(resolve);
  });
  return peer;
}

const jwt = (claims) => ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.');

describe('ahead of the server: jwt, presence (a peer that answers as PROTOCOL says)', () => {
  let peer;
  const clients = [];
  before(async () => {
    peer = await protocolPeer();
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await peer?.close();
  });

  test('the token goes in an auth frame (not the URL) and is refreshed before it expires', async () => {
    let issued = 0;
    const token = () => {
      issued += 1;
      return jwt({ sub: 'alice', n: issued, exp: Math.floor(Date.now() / 1000) + 4 });
    };
    const { client } = testClient({ ws: peer.url }, undefined, { token, refreshBeforeMs: 3000 });
    clients.push(client);
    const welcome = await client.connect();
    assert.equal(welcome.user, 'alice');
    assert.equal(peer.frames[0].type, 'auth');
    assert.ok(!peer.urls[0].includes('access_token'), peer.urls[0]);
    await waitFor(() => peer.frames.some((f) => f.type === 'refresh'), { what: 'a refresh frame', timeoutMs: 10_000 });
    const refresh = peer.frames.find((f) => f.type === 'refresh');
    assert.equal(JSON.parse(Buffer.from(refresh.token.split('.')[1], 'base64url')).n, 2, 'a fresh token');
    await waitFor(() => client.supports.refresh === true);
    client.close();
  });

  test('with tokenTransport "query" the token is the access_token parameter', async () => {
    const { client } = testClient({ ws: peer.url }, undefined, {
      token: jwt({ sub: 'carol', exp: Math.floor(Date.now() / 1000) + 600 }), tokenTransport: 'query' });
    clients.push(client);
    const urls = peer.urls.length;
    assert.equal((await client.connect()).user, 'carol');
    assert.match(peer.urls[urls], /access_token=/);
    client.close();
  });

  test('presence: the members, and who comes and goes', async () => {
    const { client } = testClient({ ws: peer.url }, undefined, { token: jwt({ sub: 'dave', exp: 4_000_000_000 }) });
    clients.push(client);
    await client.connect();
    const arrived = nextEvent(client, 'presence');
    await client.join('room-1');
    assert.deepEqual(await arrived, { conversation: 'room-1', user: 'bob', present: true });
    const presence = await client.presence('room-1');
    assert.deepEqual(presence.members.map((m) => m.user), ['dave', 'bob']);
    assert.equal(client.supports.presence, true);
  });
});

// Compiled (not run) by `npm run test:types`: the hand-written types describe the API as the README shows it.

import {
  ParleyClient, ParleyError, closePolicy, backoffDelay, type Run, type StoredMessage, type Recovery,
  type WebSocketConstructor,
} from '../../src/parley.js';

declare const SomeWebSocket: WebSocketConstructor;

async function example(): Promise<void> {
  const client = new ParleyClient({
    url: 'ws://localhost:8080/ws',
    user: 'alice',
    WebSocket: SomeWebSocket,
    reconnect: { minDelayMs: 500, maxDelayMs: 20_000 },
    maxQueued: 50,
    logger: console,
  });
  const withToken = new ParleyClient({ token: async () => 'a.jwt.token', tokenTransport: 'frame' });
  withToken.close();

  const off = client.on('message', (m: StoredMessage) => {
    const offset: number = m.offset;
    const role: 'user' | 'assistant' | 'system' | 'tool' = m.role;
    void offset; void role;
  });
  client.on('run', (run: Run) => {
    if (run.status === 'finished') void run.text.length;
    for (const call of run.toolCalls) void call.args;
  });
  client.on('recovery', (r: Recovery) => {
    if (!r.complete && r.gap) void client.fillGap(r.conversation, r.gap);
  });
  client.on('disconnected', ({ code, willReconnect, delayMs }) => void [code, willReconnect, delayMs]);
  client.on('error', (e: ParleyError) => void e.code);

  const welcome = await client.connect();
  const max: number = welcome.limits.max_message_bytes;
  void max;
  const joined = await client.join('general', { since: 10 });
  void joined.role;
  const sending = client.send('general', 'hello', { reply: false });
  const id: string = sending.id;
  const ack = await sending;
  void [id, ack.offset];
  const page = await client.history('general', { before: 20, limit: 10 });
  void page.has_more;
  try {
    await client.presence('general');
  } catch (e) {
    if (e instanceof ParleyError && e.code === 'unsupported') void client.supports.presence;
  }
  await client.upload('general', new Uint8Array([1, 2]), { name: 'a.bin', onProgress: ({ sent, size }) => void [sent, size] });
  const list = await client.listConversations();
  void list?.map((c) => c.id);
  void closePolicy(4009).action;
  void backoffDelay(3, { minDelayMs: 500, maxDelayMs: 20_000 });
  off();
  client.close();
}
void example;

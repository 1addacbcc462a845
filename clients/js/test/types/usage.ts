// Compiled (not run) by `npm run test:types`: the hand-written types describe the API as the README shows it.

import {
  ParleyClient, ParleyError, PatchError, applyPatch, closePolicy, backoffDelay, formatPointer, jsonEqual,
  parsePointer, resolvePointer, validatePatch, type Ack, type AgUiToolCall, type JsonPatch, type Run,
  type StateAck, type StateChange, type StoredMessage, type Recovery, type Tool, type WebSocketConstructor,
  type Attachment, type UploadProgress, type UploadResult, type MessageEdited, type MessageDeleted,
  type TypingChange, type ReadMarker, type DeleteAck, type HistoryPage, type ConversationSummary,
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
  const controller = new AbortController();
  const uploaded: UploadResult = await client.upload('general', new Blob([new Uint8Array([1, 2])], { type: 'image/png' }), {
    name: 'a.png', onProgress: ({ sent, size }: UploadProgress) => void [sent, size], signal: controller.signal,
  });
  void [uploaded.offset, uploaded.id, uploaded.upload, uploaded.sha256?.length, uploaded.size];
  await client.upload('general', new Uint8Array([1, 2]), { name: 'a.bin', mime: 'application/octet-stream' });
  client.on('message', (m: StoredMessage) => {
    const file: Attachment | undefined = m.attachment;
    if (file) void [file.name, file.mime, file.size, file.sha256, client.attachmentUrl(file), client.attachmentUrl(file.url)];
  });
  const list = await client.listConversations();
  void list?.map((c) => c.id);
  void closePolicy(4009).action;
  void backoffDelay(3, { minDelayMs: 500, maxDelayMs: 20_000 });
  off();
  client.close();
}
void example;

// front-end tools, reasoning, usage, shared state
async function agents(client: ParleyClient): Promise<void> {
  const weather: Tool = {
    name: 'weather', description: 'the weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };
  await client.join('trip', { tools: [weather] });
  await client.send('trip', 'weather in Paris?', { tools: [weather] });
  client.on('run', (run: Run) => {
    const thinking: string = run.reasoning;
    const tokens: number | undefined = run.usage?.[0]?.totalTokens;
    void [thinking, tokens, run.reasoningActive, run.outcome?.type];
    for (const call of run.toolCalls) {
      const parts: [string | undefined, string, boolean, boolean] = [call.name, call.args, call.done, call.pending];
      void parts;
    }
    if (run.status === 'finished') {
      for (const id of run.pendingToolCallIds) {
        const answering = client.toolResult(run.conversation, id, { temperature: 21 }, { reply: true });
        const clientId: string = answering.id;
        void clientId;
        void answering.then((ack: Ack) => ack.offset);
      }
    }
  });
  client.on('message', (m: StoredMessage) => {
    const calls: AgUiToolCall[] = m.toolCalls ?? [];
    void [calls.map((c) => c.function.arguments), m.toolCallId, m.reasoning];
  });

  interface Trip { todo: string[] }
  client.on('state', (change: StateChange) => {
    const source: 'snapshot' | 'delta' | 'ack' | 'stale' = change.source;
    void [source, change.version, change.stale, change.delta?.length];
  });
  const held = client.sharedState<Trip>('trip');
  void held?.state.todo.length;
  const patch: JsonPatch = [{ op: 'add', path: '/todo/-', value: 'pack' }, { op: 'test', path: '/todo/0', value: 'book' }];
  try {
    const ack: StateAck<Trip> = await client.changeState<Trip>('trip', patch, {
      retry: (state, version) => (state.todo.length > 0 && version > 0 ? patch : null),
    });
    void [ack.version, ack.state.todo];
  } catch (e) {
    if (e instanceof ParleyError && e.code === 'conflict') void [e.state, e.version];
  }
  await client.changeState('trip', [{ op: 'remove', path: '/todo/0' }], { retry: true });
  await client.patchState('trip', 3, [{ op: 'replace', path: '/todo', value: [] }]);

  const doc = applyPatch<{ a: number[] }>({ a: [1] }, [{ op: 'add', path: '/a/-', value: 2 }]);
  void doc.a;
  const tokens: string[] = parsePointer(formatPointer(['a/b', 0]));
  void [tokens, resolvePointer(doc, '/a/0'), jsonEqual(1, 1)];
  try {
    validatePatch([{ op: 'nope' }]);
  } catch (e) {
    if (e instanceof PatchError) void [e.code, e.index];
  }
}
void agents;

// chat essentials: edits, deletes, read markers, typing, the messages as they now are
async function essentials(client: ParleyClient): Promise<void> {
  const tuned = new ParleyClient({ url: 'ws://localhost:8080/ws', keepMessages: 200, typingExpiryMs: 3_000, typingIntervalMs: 2_500 });
  tuned.close();
  const ack = await client.send('general', 'helo');
  const edited: Ack = await client.edit('general', ack.id!, 'hello');
  const deleted: DeleteAck = await client.deleteMessage('general', ack.id!);
  void [edited.offset, deleted.offset, deleted.resent];
  client.on('message_edited', (event: MessageEdited, message: StoredMessage | undefined) => {
    void [event.id, event.content, event.by, event.at, event.offset, message?.edited_at];
  });
  client.on('message_deleted', (event: MessageDeleted, message: StoredMessage | undefined) => {
    void [event.id, event.by, message?.content];
  });
  const shown: StoredMessage[] = client.messages('general');
  void shown.map((m) => [m.content, m.edited_at]);
  client.on('typing', (change: TypingChange) => void [change.user, change.typing, change.users.length]);
  const typing: string[] = client.typingUsers('general');
  const sentTyping: boolean = client.typing('general');
  client.on('read', (marker: ReadMarker) => void [marker.user, marker.offset, marker.mine]);
  const moved: boolean = client.markRead('general', 12);
  const marker: number = client.readMarker('general');
  void [typing, sentTyping, moved, marker];
  const page: HistoryPage = await client.history('general', { after: 0 });
  if (page.next && 'after' in page.next) void client.history('general', { after: page.next.after });
  const listed: ConversationSummary[] | null = await client.listConversations();
  void listed?.map((c) => [c.read, c.unread]);
}
void essentials;

// Parley's JavaScript client: one WebSocket to a Parley gateway, spoken as PROTOCOL version 1 describes it.
// Browsers use their own WebSocket; Node.js 20+ passes one in (e.g. the `ws` package). No dependencies.
//
// What it does for the application: connects (dev user or token), joins conversations and keeps them joined
// across reconnects (rejoining with `since` = the last offset it delivered), delivers each conversation's stored
// events in offset order exactly once (paging a gap over `history` when a recovery was not exact; a deleted
// message's offset is a hole, not a gap), keeps each conversation's messages as they now are (edits applied,
// deletes removed), moves read markers, says who is typing, sends with a
// client id so that a resend is never stored twice, keeps requests made while offline in a bounded queue and
// resends the unanswered ones, assembles assistant runs from their AG-UI events (text, reasoning, tool calls),
// answers front-end tool calls, keeps each conversation's shared state (applying its patches), uploads files
// (resuming them after a drop), refreshes its token, and reconnects by itself as each close code asks.

import { DEFAULT_RECONNECT, backoffDelay, closePolicy } from './parley-backoff.js';
import { Emitter } from './parley-emitter.js';
import { ParleyError } from './parley-errors.js';
import { MessageModels } from './parley-messages.js';
import { Pacer } from './parley-pacer.js';
import { PatchError, applyPatch, formatPointer, jsonEqual, parsePointer, resolvePointer, validatePatch } from './parley-patch.js';
import { AGUI_TYPES, RunAssembler } from './parley-runs.js';
import { Sequencer } from './parley-sequencer.js';
import { SharedStates, changeState } from './parley-state.js';
import { refreshDelay, tokenExpiry } from './parley-token.js';
import { abortable, uploadFile } from './parley-upload.js';

export {
  AGUI_TYPES, DEFAULT_RECONNECT, MessageModels, ParleyError, PatchError, RunAssembler, Sequencer, SharedStates, applyPatch,
  backoffDelay, closePolicy, formatPointer, jsonEqual, parsePointer, resolvePointer, tokenExpiry, validatePatch,
};

/** Conversation ids: 1–128 characters of [A-Za-z0-9._:-] (PROTOCOL §2). */
export const CONVERSATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const STORED_EVENTS = new Set(['message', 'message_edited', 'message_deleted']);
const HISTORY_PAGE = 100;
const MAX_RETRIES = 10;
const CONVERSATION_PAGES = 20;

/** What answers each kind of request. */
const ANSWERS = {
  join: 'joined', leave: 'left', send: 'ack', history: 'history', cancel: 'ack', presence: 'presence',
  ping: 'pong', refresh: 'refreshed', upload: 'upload_ready', edit: 'ack', delete: 'ack', tool_result: 'ack',
  state: 'ack',
};

export class ParleyClient {
  // settings
  #url;
  #user;
  #token;
  #tokenTransport;
  #WebSocket;
  #protocols;
  #reconnect;
  #maxQueued;
  #requestTimeoutMs;
  #connectTimeoutMs;
  #refreshBeforeMs;
  #autoFillGaps;
  #heartbeat;
  #fetch;
  #logger;
  #typingExpiryMs;
  #typingIntervalMs;

  // connection
  #state = 'idle';
  #socket = null;
  #generation = 0;
  #welcome = null;
  #ready = false;
  #attempt = 0;
  #openedAt = 0;
  #lazy = false;
  #everConnected = false;
  #timers = { reconnect: null, connect: null, watchdog: null, refresh: null, pump: null };
  #connectWaiters = [];
  #currentToken = null;
  #onlineListener = null;

  // requests
  #refSeq = 0;
  #order = 0;
  /** @type {Map<string, object>} ref → request awaiting its answer (sent or not) */
  #pending = new Map();
  /** @type {object[]} requests not written yet on this connection, oldest first */
  #outbox = [];
  /** @type {object[]} frames that go before the outbox (auth, joins, the rejoin barrier, pongs) */
  #priority = [];
  #pacer = new Pacer();
  #uploads = Promise.resolve();

  // conversations
  /** @type {Map<string, object>} */
  #conversations = new Map();
  #emitter;
  #runs;
  #states = new SharedStates();
  #models;
  /** @type {Map<string, number>} conversation → this user's read marker as far as known (sent, told, listed) */
  #readMarkers = new Map();
  /** @type {Map<string, number>} conversation → a marker to send once the conversation is joined and ready */
  #readWanted = new Map();
  /** @type {Map<string, number>} conversation → when this client last sent `typing` there */
  #typingSent = new Map();

  /** What this server turned out to support (true/false once known, undefined before). */
  supports = { presence: undefined, typing: undefined, read: undefined, refresh: undefined, auth: undefined,
    upload: undefined, edit: undefined, delete: undefined, conversations: undefined };

  /**
   * @param {import('./parley.d.ts').ParleyOptions} [options]
   */
  constructor(options = {}) {
    this.#url = options.url ?? defaultUrl();
    this.#user = options.user;
    this.#token = options.token;
    this.#tokenTransport = options.tokenTransport ?? 'frame';
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.#protocols = options.protocols ?? ['parley.v1'];
    this.#reconnect = options.reconnect === false ? false : { ...DEFAULT_RECONNECT, ...(options.reconnect ?? {}) };
    this.#maxQueued = options.maxQueued ?? 100;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.#refreshBeforeMs = options.refreshBeforeMs ?? 60_000;
    this.#autoFillGaps = options.autoFillGaps ?? true;
    this.#heartbeat = options.heartbeat ?? true;
    this.#fetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
    this.#logger = options.logger ?? {};
    this.#typingExpiryMs = options.typingExpiryMs ?? 4_000;
    this.#typingIntervalMs = options.typingIntervalMs ?? 2_000;
    this.#models = new MessageModels({ keep: options.keepMessages ?? 1000 });
    this.#emitter = new Emitter(this.#logger);
    this.#runs = new RunAssembler((run, event) => this.#emit('run', run, event));
    if (!this.#url) throw new TypeError('ParleyClient needs a url (ws://host/ws) outside a browser page');
    if (typeof this.#WebSocket !== 'function') {
      throw new TypeError('no WebSocket here: pass one in, e.g. new ParleyClient({ WebSocket: (await import("ws")).default, … })');
    }
    if (this.#tokenTransport !== 'frame' && this.#tokenTransport !== 'query') {
      throw new TypeError('tokenTransport is "frame" or "query"');
    }
  }

  // ---- public state ----------------------------------------------------------------------------------------

  /** `idle`, `connecting`, `open`, `waiting` (to reconnect), `stopped` (after a close that asks to stop), `closed`. */
  get state() {
    return this.#state;
  }

  /** The last `welcome` (connection, user, node, heartbeat, limits), or null before the first. */
  get welcome() {
    return this.#welcome;
  }

  /** The user the server says this is (from `welcome`), else the configured dev user. */
  get user() {
    return this.#welcome?.user ?? this.#user;
  }

  /** True once the connection is open and every conversation is joined again. */
  get ready() {
    return this.#ready;
  }

  /** The runs this client has seen (see `run` events). */
  get runs() {
    return this.#runs;
  }

  /** The conversations this client keeps joined: [{conversation, role, offset, last}]. */
  conversations() {
    return [...this.#conversations.values()].map((c) => ({
      conversation: c.conversation, role: c.role, offset: c.latest, last: c.seq.last, joined: c.joined,
    }));
  }

  /**
   * The highest offset of `conversation` delivered with nothing missing below it (the `since` of a rejoin); the
   * offsets not shown (deleted messages) below it count as delivered.
   */
  lastOffset(conversation) {
    return this.#conversations.get(conversation)?.seq.last;
  }

  /**
   * The messages of a joined conversation as this client holds them now, oldest first: every message delivered
   * since the join (live, replayed, paged in) and those history pages brought, each once, an edit applied where the
   * message stands (`content`, `edited_at`), a deleted one gone. At most `keepMessages` (1000), the oldest dropped
   * first. Each change makes a new object: the one you had is left as it was. [] when not joined.
   * @param {string} conversation
   */
  messages(conversation) {
    return this.#models.list(conversation);
  }

  /** The users typing in `conversation` now (told by `typing` within `typingExpiryMs`), by name. */
  typingUsers(conversation) {
    return [...(this.#conversations.get(conversation)?.typing.keys() ?? [])].sort();
  }

  /**
   * This user's read marker in `conversation` as far as this client knows (what it sent, what the server told
   * of this user's other connections, what `listConversations` said), or 0.
   */
  readMarker(conversation) {
    return this.#readMarkers.get(conversation) ?? 0;
  }

  /**
   * The shared state of a joined conversation as this client holds it: {conversation, state, version, stale}
   * (version 0 and `{}` until the conversation has one; `stale` after a missed delta, until the next snapshot).
   * The state is frozen: change it with `changeState`. Undefined for a conversation that is not joined.
   * @param {string} conversation
   */
  sharedState(conversation) {
    if (!this.#conversations.has(conversation)) return undefined;
    return this.#states.get(conversation);
  }

  /** Adds a listener; returns a function that removes it. Events: see the README. */
  on(type, listener) {
    return this.#emitter.on(type, listener);
  }

  once(type, listener) {
    return this.#emitter.once(type, listener);
  }

  off(type, listener) {
    this.#emitter.off(type, listener);
  }

  // ---- connecting ------------------------------------------------------------------------------------------

  /**
   * Connects (again, after a close that asked to stop, or after `disconnect()`); resolves with the `welcome` of
   * the next connection that opens. Reconnection afterwards is automatic.
   */
  connect() {
    if (this.#state === 'closed') return Promise.reject(new ParleyError('closed', 'this client was closed'));
    const welcome = new Promise((resolve, reject) => this.#connectWaiters.push({ resolve, reject }));
    if (this.#state === 'open') {
      this.#settleConnect(true);
    } else if (this.#state !== 'connecting') {
      clearTimeout(this.#timers.reconnect);
      this.#attempt = 0;
      this.#lazy = false;
      this.#open();
    }
    return welcome;
  }

  /**
   * Closes the connection and stops reconnecting; conversations and queued requests are kept, and `connect()`
   * picks them up again.
   */
  disconnect() {
    if (this.#state === 'closed') return;
    this.#clearTimer('reconnect');
    if (this.#socket) this.#dropSocket(1000, 'disconnect', { local: true, action: 'stop' });
    this.#setState('idle');
    this.#settleConnect(false, new ParleyError('stopped', 'disconnect() was called'));
  }

  /** Closes for good: the connection, every pending request (rejected `closed`), every conversation. */
  close() {
    if (this.#state === 'closed') return;
    this.disconnect();
    this.#setState('closed');
    const closed = () => new ParleyError('closed', 'the client was closed');
    for (const request of this.#pending.values()) this.#fail(request, closed());
    for (const entry of this.#conversations.values()) for (const w of entry.waiters.splice(0)) w.reject(closed());
    for (const waiter of this.#readyWaiters.splice(0)) waiter.reject(closed());
    this.#outbox = [];
    for (const entry of this.#conversations.values()) this.#forgetState(entry.conversation, entry);
    this.#conversations.clear();
    this.#readWanted.clear();
    for (const name of Object.keys(this.#timers)) this.#clearTimer(name);
    if (this.#onlineListener) globalThis.removeEventListener?.('online', this.#onlineListener);
  }

  // ---- conversations ---------------------------------------------------------------------------------------

  /**
   * Joins `conversation` and keeps it joined across reconnects. With `since`, the stored events after that
   * offset are delivered first (as `message` events), then live ones. Resolves with `joined`
   * {conversation, role, offset, recovered?}.
   */
  join(conversation, { since, tools } = {}) {
    if (!CONVERSATION_ID.test(String(conversation))) {
      return Promise.reject(new ParleyError('bad_request', `not a conversation id: ${conversation}`));
    }
    let entry = this.#conversations.get(conversation);
    if (entry) {
      if (entry.joined) return Promise.resolve(entry.joinedFrame);
      return new Promise((resolve, reject) => entry.waiters.push({ resolve, reject }));
    }
    entry = {
      conversation, role: null, latest: 0, joined: false, joinedFrame: null, tools,
      resume: since !== undefined && since !== null, waiters: [], filling: null, rejoin: null, replayed: 0,
      seq: null, typing: new Map(),
    };
    entry.seq = new Sequencer((event) => this.#deliver(entry, event), (gap) => this.#gap(entry, gap),
      { hold: this.#autoFillGaps });
    if (entry.resume) entry.seq.reset(Math.max(0, Number(since)));
    this.#conversations.set(conversation, entry);
    this.#models.open(conversation);
    const joined = new Promise((resolve, reject) => entry.waiters.push({ resolve, reject }));
    if (this.#state === 'open') this.#sendJoin(entry);
    else this.#wake();
    return joined;
  }

  /** Leaves `conversation` (and stops rejoining it). */
  leave(conversation) {
    const entry = this.#conversations.get(conversation);
    if (!entry) return Promise.resolve({ type: 'left', conversation });
    this.#conversations.delete(conversation);
    this.#forgetState(conversation, entry);
    for (const w of entry.waiters.splice(0)) w.reject(new ParleyError('left', 'left before the join was answered'));
    this.#rejoinAnswered(entry); // a rejoin round does not wait for a conversation that was left
    for (let i = this.#outbox.length - 1; i >= 0; i--) {
      const request = this.#outbox[i];
      if (request.frame.conversation === conversation) {
        this.#outbox.splice(i, 1);
        this.#fail(request, new ParleyError('not_joined', `left ${conversation}`));
      }
    }
    if (this.#state !== 'open') return Promise.resolve({ type: 'left', conversation });
    return this.#request('leave', { type: 'leave', conversation }, { resendable: false, lazy: false })
      .catch((error) => {
        if (error.code === 'disconnected' || error.code === 'not_joined') return { type: 'left', conversation };
        throw error;
      });
  }

  /**
   * Sends `content` to `conversation` with a client id (a UUID unless given), so that a resend is never stored
   * twice. Resolves with the `ack` {conversation, offset, id}; the returned promise also has the `id`.
   * Queued while offline (at most `maxQueued` requests; over it: rejected `queue_full`).
   */
  send(conversation, content, { id = uuid(), reply, tools, resume } = {}) {
    if (typeof content !== 'string' || content.length === 0) {
      return withId(Promise.reject(new ParleyError('bad_request', 'content is a non-empty string')), id);
    }
    if (!this.#conversations.has(conversation)) {
      return withId(Promise.reject(new ParleyError('not_joined', `join ${conversation} before sending to it`)), id);
    }
    const frame = { type: 'send', conversation, content, id };
    this.#typingSent.delete(conversation); // the message ends the typing the others saw: the next keystroke says so anew
    if (reply !== undefined) frame.reply = Boolean(reply);
    if (tools !== undefined) frame.tools = tools;
    if (resume !== undefined) frame.resume = resume;
    return withId(this.#request('send', frame), id);
  }

  /**
   * A page of history, oldest first: {conversation, messages, has_more, next}. `after` pages forwards (`after: 0`
   * is the start), `before` backwards, neither: the newest page. `limit` ≤ 100 (default 50). Messages are as they
   * now are (a deleted one is absent: offsets can have holes), edits and deletes are entries of their own
   * (`type` `message_edited` / `message_deleted`); every item has its `type`. `next` ({after} forwards, {before}
   * backwards, null when `has_more` is false) is the range to ask for next, also past a page that showed nothing
   * (every entry it read was deleted). A joined conversation's `messages()` take the page in.
   */
  history(conversation, { before, after, limit } = {}) {
    return this.#history(conversation, { before, after, limit }, true).then((page) => {
      this.#models.applyPage(conversation, page.messages);
      return page;
    });
  }

  #history(conversation, { before, after, limit }, bounded) {
    const frame = { type: 'history', conversation };
    if (before !== undefined) frame.before = before;
    if (after !== undefined) frame.after = after;
    if (limit !== undefined) frame.limit = limit;
    return this.#request('history', frame, { bounded }).then(async (page) => {
      const messages = (page.messages ?? []).map(asStored);
      const hasMore = Boolean(page.has_more);
      const forwards = after !== undefined;
      let next = null;
      if (hasMore && messages.length > 0) {
        next = forwards ? { after: messages.at(-1).offset } : { before: messages[0].offset };
      } else if (hasMore) {
        next = await this.#pastHidden(conversation, { before, after, limit });
      }
      if (next && forwards && before !== undefined) next.before = before;
      if (next && !forwards && after !== undefined) next.after = after;
      return { conversation: page.conversation ?? conversation, messages, has_more: hasMore, next };
    });
  }

  /**
   * Where paging goes on after a page that showed nothing yet has more: every entry it read was a deleted message,
   * whose offsets a page over `/ws` does not tell. The same page over HTTP says where it ended (`next`); without
   * it (no fetch, refused), a page's worth further on: a page is cut short by bytes only for large entries, and a
   * deleted message has no content.
   */
  async #pastHidden(conversation, { before, after, limit = 50 }) {
    const forwards = after !== undefined;
    const query = new URLSearchParams({ limit: String(limit) });
    if (after !== undefined) query.set('after', String(after));
    if (before !== undefined) query.set('before', String(before));
    try {
      const response = await this.#http(`/api/conversations/${encodeURIComponent(conversation)}/messages?${query}`);
      if (response.ok) {
        const body = await response.json();
        const shown = (body.messages ?? []).map((m) => m.offset);
        const cursor = body.next ? new URL(body.next, 'http://parley').searchParams : null;
        if (forwards) {
          let to = Number(cursor?.get('after'));
          if (shown.length) to = Math.min(Number.isFinite(to) ? to : Infinity, shown[0] - 1); // arrived meanwhile
          if (Number.isInteger(to) && to > after) return { after: to };
        } else {
          let to = Number(cursor?.get('before'));
          if (shown.length) to = Math.max(Number.isFinite(to) ? to : -Infinity, shown.at(-1) + 1);
          if (Number.isInteger(to) && (before === undefined || to < before)) return { before: to };
        }
      }
    } catch (error) {
      this.#logger.debug?.('parley: paging past deleted messages over HTTP failed', error?.message ?? error);
    }
    if (forwards) return { after: after + limit };
    return before === undefined ? null : { before: Math.max(1, before - limit) };
  }

  /**
   * Pages the stored events of `conversation` in `gap` (offsets above `after` and below `before`; no `before`:
   * up to the latest) with `history` `after`, and returns them oldest first. The client does this by itself
   * unless `autoFillGaps` is false; then a `recovery` event with a `gap` says what to page.
   */
  async fillGap(conversation, { after, before } = {}) {
    const out = [];
    let cursor = Math.max(0, after ?? 0);
    while (before === undefined || cursor < before - 1) {
      const page = await this.history(conversation, { after: cursor, limit: HISTORY_PAGE });
      const inside = page.messages.filter((m) => before === undefined || m.offset < before);
      out.push(...inside);
      if (!page.next || inside.length < page.messages.length) break;
      cursor = page.next.after;
    }
    return out;
  }

  /** Cancels an assistant run; resolves with the `ack`. The run then ends with RUN_ERROR `cancelled`. */
  cancel(runId) {
    return this.#request('cancel', { type: 'cancel', run: runId });
  }

  /** Who is in `conversation`: {conversation, members: [{user, connections}]}. Rejected `unsupported` by servers without presence. */
  presence(conversation) {
    return this.#feature('presence', this.#request('presence', { type: 'presence', conversation }));
  }

  /**
   * Tells the other members that this user is typing: call it as the user types; at most one notice leaves each
   * `typingIntervalMs` (2 s) per conversation, counted anew after a `send` there (the message ended the typing the
   * others saw). Not queued: true when sent, false when not (too soon, offline, not joined, unsupported).
   */
  typing(conversation) {
    const entry = this.#conversations.get(conversation);
    if (!entry?.joined) return false;
    const now = Date.now();
    if (now - (this.#typingSent.get(conversation) ?? -Infinity) < this.#typingIntervalMs) return false;
    if (!this.#notify('typing', { type: 'typing', conversation })) return false;
    this.#typingSent.set(conversation, now);
    return true;
  }

  /**
   * Moves this user's read marker in `conversation` up to `offset` (the newest stored offset the user has seen).
   * Sent only when it moves the marker forward (as far as this client knows: `readMarker`), so call it as often
   * as you like; while offline (or before the join is answered) the newest one waits and goes once ready. The
   * server never moves a marker backwards, nor past the latest offset, and tells every member (`read`). Returns
   * true when the marker moves (now or once ready), false when it would not (not above the marker, unsupported).
   */
  markRead(conversation, offset) {
    if (!Number.isInteger(offset) || offset < 1 || this.supports.read === false) return false;
    const entry = this.#conversations.get(conversation);
    if (!entry || offset <= Math.max(this.readMarker(conversation), this.#readWanted.get(conversation) ?? 0)) return false;
    // the server stops the marker at the latest offset: so does what this client takes it to be
    this.#readMarkers.set(conversation, Math.max(this.readMarker(conversation), Math.min(offset, entry.seq.last)));
    this.#readWanted.set(conversation, offset);
    this.#flushReads();
    return true;
  }

  /** Sends the read markers that wait, for the conversations joined now. */
  #flushReads() {
    if (!this.#ready) return;
    for (const [conversation, offset] of [...this.#readWanted]) {
      if (!this.#conversations.get(conversation)?.joined) continue;
      if (this.#notify('read', { type: 'read', conversation, offset })) this.#readWanted.delete(conversation);
    }
  }

  /**
   * Edits a message (its author, or an owner): resolves with the `ack` {conversation, offset (of the edit), id};
   * every member, this client too, gets `message_edited`. Refused: `forbidden` (another's message, a viewer),
   * `not_found` (no such message shown: unknown or deleted), `too_large`, `bad_request` (empty), `not_joined`.
   * Queued while offline like `send`; one written on a connection that dropped before its ack is sent again (the
   * same content: at worst the edit is stored twice, with the same text).
   */
  edit(conversation, id, content) {
    if (typeof content !== 'string' || content.length === 0) {
      return Promise.reject(new ParleyError('bad_request', 'content is a non-empty string'));
    }
    const checked = this.#checkRevision(conversation, id, 'editing');
    if (checked) return checked;
    return this.#feature('edit', this.#request('edit', { type: 'edit', conversation, id, content }));
  }

  /**
   * Deletes a message (its author, or an owner): resolves with the `ack` {conversation, offset (of the delete),
   * id}; every member, this client too, gets `message_deleted`. Refused as `edit` is. Queued while offline; one
   * written on a connection that dropped before its ack is sent again, and when that resend finds the message gone
   * (`not_found`: this delete took it) it resolves with {type: 'ack', conversation, id, offset: null, resent: true}.
   */
  deleteMessage(conversation, id) {
    const checked = this.#checkRevision(conversation, id, 'deleting');
    if (checked) return checked;
    return this.#feature('delete', this.#request('delete', { type: 'delete', conversation, id }, {
      recover: (error, request) => (error.code === 'not_found' && request.resent
        ? { type: 'ack', conversation, id, offset: null, resent: true } : undefined),
    }));
  }

  #checkRevision(conversation, id, doing) {
    if (typeof id !== 'string' || id.length === 0) {
      return Promise.reject(new ParleyError('bad_request', 'id is the id of a message'));
    }
    if (!this.#conversations.has(conversation)) {
      return Promise.reject(new ParleyError('not_joined', `join ${conversation} before ${doing} its messages`));
    }
    return null;
  }

  /**
   * Answers a front-end tool call of an assistant run (`run.toolCalls[i].id`, listed in `run.pendingToolCallIds`
   * once the run finished) with `content` (a string; anything else is sent as its JSON). Like `send` it carries a
   * client id (a UUID unless given), so a resend after a drop is stored once; queued while offline. Resolves with
   * the `ack` {conversation, offset, id}; the promise also has the `id`. Once every call of the reply has its
   * result, the assistant goes on with a new run (unless `reply: false`). Refused: `not_found` (no such call
   * awaits a result), `conflict` (answered already), `not_joined`, `forbidden`, `bad_request`.
   * @param {string} conversation
   * @param {string} toolCallId
   * @param {unknown} content
   * @param {{reply?: boolean, id?: string}} [options]
   */
  toolResult(conversation, toolCallId, content, { reply, id = uuid() } = {}) {
    if (typeof toolCallId !== 'string' || toolCallId.length === 0) {
      return withId(Promise.reject(new ParleyError('bad_request', 'toolCallId is the id of a tool call')), id);
    }
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    if (typeof text !== 'string') {
      return withId(Promise.reject(new ParleyError('bad_request', 'content is a string (or a JSON value)')), id);
    }
    if (!this.#conversations.has(conversation)) {
      return withId(Promise.reject(new ParleyError('not_joined', `join ${conversation} before answering its tool calls`)), id);
    }
    const answered = this.#runs.toolCall(conversation, toolCallId)?.call.resultId;
    if (answered && answered !== id) {
      // the result stored for this call came with another id: a second answer, not a resend
      return withId(Promise.reject(new ParleyError('conflict', `tool call ${toolCallId} was answered already`)), id);
    }
    const frame = { type: 'tool_result', conversation, toolCallId, content: text, id };
    if (reply !== undefined) frame.reply = Boolean(reply);
    return withId(this.#request('tool_result', frame), id);
  }

  /**
   * Changes the conversation's shared state with an RFC 6902 `patch`, against the version this client holds.
   * Resolves with the `ack` {conversation, version} and the `state` after the change. When someone changed it
   * first (`conflict`), the client takes the snapshot the server sends and rejects with a ParleyError `conflict`
   * that carries the current `state` and `version`, or, with `retry`, tries once more against that snapshot:
   * `retry: true` sends the same patch again, a function `(state, version) => patch | null` makes a new one
   * (null: give up). A change whose connection dropped before its answer is sent again on the next connection;
   * when that resend is refused `conflict` it is not retried (it may have been applied: if the snapshot is exactly
   * this change applied, it resolves as done).
   * @param {string} conversation
   * @param {object[]} patch
   * @param {{retry?: boolean | ((state: unknown, version: number) => object[] | null | undefined)}} [options]
   */
  changeState(conversation, patch, { retry = false } = {}) {
    return changeState({
      states: this.#states,
      check: (next) => this.#checkStateChange(conversation, next),
      send: (version, next) => this.#stateRequest(conversation, version, next),
      joined: () => this.#conversations.has(conversation),
    }, conversation, patch, retry);
  }

  /**
   * The raw `state` request: applies `patch` to the state at `version` (0 when there is none yet). Resolves with
   * the `ack` {conversation, version}; a stale version is rejected `conflict` (and a STATE_SNAPSHOT follows).
   * `changeState` is the same with the version this client holds.
   */
  patchState(conversation, version, patch) {
    try {
      this.#checkStateChange(conversation, patch);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#stateRequest(conversation, version, patch);
  }

  #checkStateChange(conversation, patch) {
    if (!this.#conversations.has(conversation)) {
      throw new ParleyError('not_joined', `join ${conversation} before changing its state`);
    }
    try {
      validatePatch(patch);
    } catch (error) {
      throw new ParleyError('bad_request', `not a JSON Patch: ${error.message}`);
    }
  }

  #stateRequest(conversation, version, patch) {
    return this.#request('state', { type: 'state', conversation, version, patch }, {
      onAnswer: (frame) => {
        if (frame.type !== 'ack') return;
        const change = this.#states.acknowledged(conversation, version, patch, Number(frame.version));
        if (change) this.#emit('state', change);
      },
      onError: (error, request) => {
        if (error.code !== 'conflict') return;
        error.snapshotMark = this.#states.snapshots(conversation);
        error.resent = Boolean(request.resent);
        const change = this.#states.conflict(conversation);
        if (change) this.#emit('state', change);
      },
    });
  }

  #onState(frame) {
    if (!this.#conversations.has(frame.conversation)) return;
    const change = frame.type === 'STATE_SNAPSHOT' ? this.#states.snapshot(frame) : this.#states.delta(frame);
    if (change) this.#emit('state', change);
  }

  /** What the client held for a conversation it no longer has: its state, its messages, who was typing. */
  #forgetState(conversation, entry) {
    this.#states.forget(conversation);
    this.#models.forget(conversation);
    this.#readWanted.delete(conversation);
    this.#typingSent.delete(conversation);
    for (const timer of entry?.typing.values() ?? []) clearTimeout(timer);
    entry?.typing.clear();
  }

  /**
   * Uploads a file into `conversation` (PROTOCOL `upload`): resolves with the `ack` {conversation, offset, id}
   * (and the upload's id, name, mime, size, sha256) once the server stored it; every member, this client too, gets
   * the `message` with its `attachment`. One upload at a time: a second one waits for the first. A drop, or a
   * chunk refused `rate_limited`, resumes where the server's bytes end. `onProgress` {sent, size} follows the bytes
   * written; `signal` cancels it until its last byte is out. Refused: `too_large` (over `max_upload_bytes`, before
   * a byte leaves), `not_joined`, `aborted`, `unsupported` (a server without uploads), and the server's answers.
   */
  upload(conversation, data, options = {}) {
    if (!this.#conversations.has(conversation)) {
      return Promise.reject(new ParleyError('not_joined', `join ${conversation} before uploading to it`));
    }
    const port = {
      request: (kind, frame, opts) => this.#request(kind, frame, opts),
      expect: (ref, type) => this.#expect(ref, type),
      sendBinary: (bytes, generation) => this.#sendBinary(bytes, generation),
      generation: () => this.#generation,
      bufferedAmount: () => this.#socket?.bufferedAmount ?? 0,
      limits: () => this.#welcome?.limits ?? null,
      whenReady: () => this.#whenReady(),
      user: () => this.user,
      onMessage: (listener) => this.#emitter.on('message', listener),
      timeoutMs: () => this.#requestTimeoutMs,
    };
    const previous = this.#uploads;
    // a cancelled upload that still waits its turn ends at once; the next one still waits for the one before
    const run = abortable(previous, options.signal).then(() => uploadFile(port, conversation, data, options));
    this.#uploads = previous.then(() => run).catch(() => {});
    return this.#feature('upload', run);
  }

  /**
   * The absolute URL of an attachment (its `url` is relative to the gateway: signed and expiring, it needs no
   * credentials, so it can go in an `<img src>` or be fetched as it is).
   * @param {{url: string} | string} attachment
   */
  attachmentUrl(attachment) {
    return new URL(typeof attachment === 'string' ? attachment : attachment.url, httpBase(this.#url)).toString();
  }

  /** Measures a round trip: resolves with the milliseconds a `ping` took to be answered. */
  async ping() {
    const started = Date.now();
    await this.#request('ping', { type: 'ping' }, { resendable: false });
    return Date.now() - started;
  }

  /** Asks the token function for a fresh token now and sends it as `refresh`. */
  async refreshToken() {
    if (typeof this.#token !== 'function' || this.#state !== 'open') return null;
    const token = await this.#token();
    this.#currentToken = token;
    const answer = await this.#feature('refresh', this.#request('refresh', { type: 'refresh', token }, { resendable: false }));
    this.#scheduleRefresh(token, answer);
    return answer;
  }

  /**
   * `GET /api/conversations`: the caller's conversations {id, role, offset (the latest), read (this user's read
   * marker), unread (messages of others after it)}[], every page of them (following `next`, up to 20 pages), or
   * null when this server does not list them yet (404/405). The read markers become `readMarker`'s.
   */
  async listConversations() {
    const out = [];
    let path = '/api/conversations?limit=1000';
    for (let page = 0; path && page < CONVERSATION_PAGES; page++) {
      const response = await this.#http(path);
      if (response.status === 404 || response.status === 405) {
        this.supports.conversations = false;
        return null;
      }
      if (!response.ok) throw new ParleyError('http_' + response.status, `GET /api/conversations: ${response.status}`);
      this.supports.conversations = true;
      const body = await response.json();
      out.push(...(Array.isArray(body) ? body : body.conversations ?? []));
      path = Array.isArray(body) ? null : body.next ?? null;
    }
    for (const c of out) {
      if (Number.isInteger(c.read) && c.read > this.readMarker(c.id)) this.#readMarkers.set(c.id, c.read);
    }
    return out;
  }

  // ---- the socket ------------------------------------------------------------------------------------------

  async #open() {
    const generation = ++this.#generation;
    this.#setState('connecting');
    this.#emit('connecting', { attempt: this.#attempt });
    let token = null;
    try {
      token = await this.#resolveToken();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#emit('error', new ParleyError('token', `the token function failed: ${error?.message ?? error}`));
      this.#afterClose(1006, 'no token', 'backoff', 0);
      return;
    }
    if (generation !== this.#generation || this.#state !== 'connecting') return;
    let socket;
    try {
      socket = new this.#WebSocket(this.#socketUrl(token), this.#protocols);
    } catch (error) {
      this.#emit('error', new ParleyError('bad_request', `cannot open ${this.#url}: ${error?.message ?? error}`));
      this.#afterClose(1006, 'cannot open', 'backoff', 0);
      return;
    }
    this.#socket = socket;
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // some implementations fix it
    }
    const current = () => this.#socket === socket;
    socket.onopen = () => {
      if (!current()) return;
      if (token && this.#tokenTransport === 'frame' && this.supports.auth !== false) {
        this.#write({ type: 'auth', token, ref: 'auth' });
      }
    };
    socket.onmessage = (event) => {
      if (current()) this.#onData(event.data);
    };
    socket.onclose = (event) => {
      if (current()) this.#dropSocket(event.code ?? 1006, event.reason ?? '', { local: false });
    };
    socket.onerror = (event) => {
      if (current()) this.#logger.debug?.('parley: socket error', event?.message ?? event?.error?.message ?? '');
    };
    this.#setTimer('connect', this.#connectTimeoutMs, () => {
      if (current() && this.#state === 'connecting') this.#dropSocket(4000, 'no welcome in time', { local: true });
    });
  }

  #socketUrl(token) {
    const url = new URL(this.#url, globalThis.location?.href);
    if (this.#user !== undefined && this.#user !== null && this.#user !== '') url.searchParams.set('user', this.#user);
    if (token && this.#tokenTransport === 'query') url.searchParams.set('access_token', token);
    return url.toString();
  }

  async #resolveToken() {
    if (this.#token === undefined || this.#token === null || this.#token === '') return null;
    const token = typeof this.#token === 'function' ? await this.#token() : this.#token;
    this.#currentToken = token || null;
    return this.#currentToken;
  }

  /** The socket ended (its close event, or given up by this client): forget it and decide what comes next. */
  #dropSocket(code, reason, { local, action }) {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.onerror = () => {}; // closing a socket still connecting reports an error; `ws` throws one nobody hears
    if (local) {
      try {
        socket.close(code === 1000 || (code >= 3000 && code <= 4999) ? code : 4000, reason.slice(0, 100));
      } catch {
        // already closing
      }
    }
    const wasOpen = this.#state === 'open';
    this.#ready = false;
    this.#priority = [];
    for (const name of ['connect', 'watchdog', 'refresh', 'pump']) this.#clearTimer(name);
    for (const entry of this.#conversations.values()) {
      entry.joined = false;
      entry.rejoin = null;
    }
    this.#rejoinWaiting = new Set();
    this.#rejoinEntries = [];
    this.#requeueInFlight(code);
    const stable = wasOpen && Date.now() - this.#openedAt >= (this.#reconnect ? this.#reconnect.stableAfterMs : 0);
    if (stable) this.#attempt = 0;
    const policy = closePolicy(code);
    this.#afterClose(code, reason, action ?? policy.action, policy.penalty);
  }

  #afterClose(code, reason, action, penalty) {
    let delayMs = null;
    if (this.#reconnect && this.#state !== 'closed' && this.#state !== 'idle') {
      if (action === 'backoff') {
        delayMs = backoffDelay(this.#attempt + penalty, this.#reconnect);
        this.#attempt += 1 + penalty;
      } else if (action === 'soon') {
        delayMs = Math.floor(Math.random() * this.#reconnect.shutdownDelayMs);
      } else if (action === 'lazy') {
        if (this.#conversations.size > 0 || this.#outbox.length > 0) {
          delayMs = backoffDelay(this.#attempt, this.#reconnect);
          this.#attempt += 1;
        } else {
          this.#lazy = true;
        }
      }
    }
    const willReconnect = delayMs !== null;
    if (this.#state !== 'closed' && this.#state !== 'idle') {
      this.#setState(willReconnect ? 'waiting' : action === 'lazy' ? 'idle' : 'stopped');
    }
    if (action === 'stop') {
      if (code === 1009) this.#dropOversized();
      this.#settleConnect(false, new ParleyError('stopped', `closed with ${code}: ${reason}`, { closeCode: code }));
    }
    this.#emit('disconnected', { code, reason, willReconnect, delayMs });
    if (willReconnect) this.#setTimer('reconnect', delayMs, () => this.#open());
    if (!this.#onlineListener && typeof globalThis.addEventListener === 'function' && typeof navigator !== 'undefined') {
      this.#onlineListener = () => {
        if (this.#state === 'waiting') {
          this.#clearTimer('reconnect');
          this.#open();
        }
      };
      globalThis.addEventListener('online', this.#onlineListener);
    }
  }

  /** After 1009: the largest request in flight was the one over the bound; it is not resent. */
  #dropOversized() {
    let largest = null;
    for (const request of this.#outbox) {
      if (request.wasSent && (!largest || request.bytes > largest.bytes)) largest = request;
    }
    if (!largest) return;
    this.#outbox.splice(this.#outbox.indexOf(largest), 1);
    this.#fail(largest, new ParleyError('too_large', 'the server closed with 1009 (message too big); not resent', { closeCode: 1009 }));
  }

  /** Requests written on the connection that ended: resent on the next one when they may be, else rejected. */
  #requeueInFlight(code) {
    const again = [];
    for (const request of this.#pending.values()) {
      if (request.kind === 'join') {
        clearTimeout(request.timer);
        this.#pending.delete(request.ref); // every conversation is joined again on the next connection
        continue;
      }
      if (request.kind === 'binary') {
        this.#fail(request, new ParleyError('disconnected', `the connection closed (${code}) during an upload`, { closeCode: code }));
        continue;
      }
      if (request.sentOn === null) continue;
      request.sentOn = null;
      clearTimeout(request.timer);
      if (request.resendable) {
        request.resent = true;
        again.push(request);
      } else {
        this.#fail(request, new ParleyError('disconnected', `the connection closed (${code}) before an answer`, { closeCode: code }));
      }
    }
    const waiting = this.#outbox.filter((request) => this.#pending.has(request.ref) && !again.includes(request));
    this.#outbox = [...again, ...waiting].sort((a, b) => a.order - b.order);
  }

  // ---- frames in -------------------------------------------------------------------------------------------

  #onData(data) {
    this.#armWatchdog();
    if (typeof data !== 'string') return;
    if (data === 'pong') return;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      this.#logger.warn?.('parley: a frame that is not JSON', data.slice(0, 200));
      return;
    }
    if (!frame || typeof frame.type !== 'string') return;
    this.#emit('frame', frame);
    if (AGUI_TYPES.has(frame.type)) return this.#onAgui(frame);
    switch (frame.type) {
      case 'welcome':
        return this.#onWelcome(frame);
      case 'ping':
        this.#pacer.charge();
        return this.#writeNow({ type: 'pong' });
      case 'error':
        return this.#onError(frame);
      case 'joined':
        return this.#onJoined(frame);
      case 'message':
      case 'message_edited':
      case 'message_deleted':
        return this.#onStored(frame);
      case 'presence_join':
      case 'presence_leave':
        this.supports.presence = true;
        return this.#emit('presence', { conversation: frame.conversation, user: frame.user, present: frame.type === 'presence_join' });
      case 'typing':
        return this.#onTyping(frame);
      case 'read':
        return this.#onRead(frame);
      case 'deleted':
        return this.#lost(frame.conversation, 'deleted', frame);
      case 'role': {
        const entry = this.#conversations.get(frame.conversation);
        if (entry) entry.role = frame.role;
        return this.#emit('role', frame);
      }
      case 'left':
        if (frame.ref !== undefined && this.#pending.has(frame.ref)) return this.#answer(frame);
        return this.#lost(frame.conversation, frame.reason ?? 'removed', frame);
      default:
        if (frame.ref !== undefined && this.#pending.has(frame.ref)) return this.#answer(frame);
        if (frame.type === 'refreshed') return this.#scheduleRefresh(this.#currentToken, frame);
        this.#logger.debug?.('parley: a frame this client does not handle', frame.type);
    }
  }

  #onWelcome(frame) {
    this.#clearTimer('connect');
    this.#welcome = frame;
    this.#openedAt = Date.now();
    this.#lazy = false;
    this.#setState('open');
    const rate = frame.limits?.messages_per_second;
    this.#pacer.configure(typeof rate === 'number' && rate > 0 ? rate : 20);
    this.#armWatchdog();
    this.#scheduleRefresh(this.#currentToken, null);
    const reconnected = this.#everConnected;
    this.#everConnected = true;
    this.#emit('connected', { welcome: frame, reconnected });
    this.#settleConnect(true);
    this.#rejoinAll();
  }

  #onError(frame) {
    const error = ParleyError.fromFrame(frame);
    if (frame.ref === 'auth') {
      if (error.code === 'unsupported') this.supports.auth = false;
      else this.#emit('error', error);
      return;
    }
    if (frame.ref !== undefined && this.#fireAndForget.has(frame.ref)) {
      const kind = this.#fireAndForget.get(frame.ref);
      this.#fireAndForget.delete(frame.ref);
      if (error.code === 'unsupported') this.supports[kind] = false;
      else this.#emit('error', error);
      return;
    }
    const request = frame.ref !== undefined ? this.#pending.get(frame.ref) : undefined;
    if (!request) {
      this.#emit('error', error);
      return;
    }
    if ((error.code === 'rate_limited' || error.code === 'unavailable') && request.retries < MAX_RETRIES) {
      // not processed: the same request again, once the server says it may come
      request.retries += 1;
      request.sentOn = null;
      clearTimeout(request.timer);
      const delay = Math.max(50, error.retryAfterMs ?? 1000);
      request.timer = setTimeout(() => {
        if (!this.#pending.has(request.ref)) return;
        if (request.kind === 'join') {
          this.#pending.delete(request.ref);
          if (this.#state === 'open' && this.#conversations.get(request.entry.conversation) === request.entry) {
            this.#sendJoin(request.entry);
          }
        } else {
          this.#outbox.unshift(request);
          this.#outbox.sort((a, b) => a.order - b.order);
          this.#pump();
        }
      }, delay);
      return;
    }
    if (request.kind === 'join') {
      this.#pending.delete(request.ref);
      this.#joinFailed(request.entry, error);
      return;
    }
    const instead = request.recover?.(error, request);
    if (instead !== undefined) {
      this.#pending.delete(request.ref);
      clearTimeout(request.timer);
      request.resolve(instead);
      return;
    }
    request.onError?.(error, request);
    this.#fail(request, error);
  }

  #onJoined(frame) {
    const request = this.#pending.get(frame.ref);
    const entry = request?.entry ?? this.#conversations.get(frame.conversation);
    if (request) {
      this.#pending.delete(frame.ref);
      clearTimeout(request.timer);
    }
    if (!entry || this.#conversations.get(entry.conversation) !== entry) return;
    entry.role = frame.role;
    entry.latest = frame.offset;
    entry.joined = true;
    entry.joinedFrame = frame;
    if (!entry.resume) {
      entry.seq.reset(frame.offset); // a first join: what is older is history, paged on demand
      entry.resume = true;
    }
    if (entry.rejoin) entry.rejoin.recovered = frame.recovered;
    this.#emit('joined', { conversation: entry.conversation, role: frame.role, offset: frame.offset,
      recovered: frame.recovered, rejoin: Boolean(entry.rejoin) });
    for (const w of entry.waiters.splice(0)) w.resolve(frame);
    if (entry.rejoin) this.#rejoinAnswered(entry);
  }

  #onAgui(frame) {
    if (frame.type === 'STATE_SNAPSHOT' || frame.type === 'STATE_DELTA') {
      this.#onState(frame);
      // a STATE_DELTA, and the snapshot after `joined` or `conflict`, belong to no run; a run's own has a seq
      if (frame.type === 'STATE_SNAPSHOT' && typeof frame.seq === 'number') this.#runs.handle(frame, this.#generation);
    } else {
      this.#runs.handle(frame, this.#generation);
    }
    this.#emit('agui', frame);
  }

  /** A conversation this connection no longer has: deleted, or the membership ended. */
  #lost(conversation, reason, frame) {
    const entry = this.#conversations.get(conversation);
    if (!entry) return;
    this.#conversations.delete(conversation);
    this.#forgetState(conversation, entry);
    for (const w of entry.waiters.splice(0)) w.reject(new ParleyError(reason, `${conversation}: ${reason}`));
    this.#rejoinAnswered(entry);
    this.#emit(reason === 'deleted' ? 'deleted' : 'left', { conversation, reason, frame });
  }

  #joinFailed(entry, error) {
    if (this.#conversations.get(entry.conversation) !== entry) return;
    const wasRejoin = Boolean(entry.rejoin);
    this.#conversations.delete(entry.conversation);
    this.#forgetState(entry.conversation, entry);
    for (const w of entry.waiters.splice(0)) w.reject(error);
    if (wasRejoin) {
      this.#emit('left', { conversation: entry.conversation, reason: error.code, error });
      this.#rejoinAnswered(entry);
    }
  }

  // ---- stored events: in order, once -------------------------------------------------------------------------

  #onStored(frame) {
    const entry = this.#conversations.get(frame.conversation);
    if (!entry) return;
    // Up to the offset `joined` announced, what comes is the join's replay: every entry after `since` still shown,
    // in order, so a hole is a deleted message. Live events come above it, where a hole is a gap.
    if (entry.joined && frame.offset <= entry.latest) entry.seq.accept(frame);
    else entry.seq.push(frame);
  }

  #deliver(entry, event) {
    const change = this.#models.apply(event);
    if (event.type === 'message') {
      if (entry.rejoin) entry.replayed += 1;
      if (event.run) this.#runs.stored(event);
      else if (event.role === 'tool' && event.toolCallId) this.#runs.toolResult(event);
      if (event.sender && entry.typing.has(event.sender)) this.#typingEnded(entry, event.sender); // it was sent
      this.#emit('message', event);
    } else if (event.type === 'message_edited') {
      this.#emit('message_edited', event, change?.message);
    } else {
      this.#emit(event.type, event, change?.removed);
    }
  }

  // ---- typing and read markers -----------------------------------------------------------------------------

  #onTyping(frame) {
    this.supports.typing = true;
    const entry = this.#conversations.get(frame.conversation);
    if (!entry || typeof frame.user !== 'string' || frame.user === this.user) return;
    clearTimeout(entry.typing.get(frame.user));
    const timer = setTimeout(() => this.#typingEnded(entry, frame.user), this.#typingExpiryMs);
    timer.unref?.(); // a Node.js process need not wait for it
    entry.typing.set(frame.user, timer);
    this.#emit('typing', { conversation: entry.conversation, user: frame.user, typing: true,
      users: this.typingUsers(entry.conversation) });
  }

  /** `user` stopped typing: nothing more from them within `typingExpiryMs`, or their message came. */
  #typingEnded(entry, user) {
    if (!entry.typing.has(user)) return;
    clearTimeout(entry.typing.get(user));
    entry.typing.delete(user);
    if (this.#conversations.get(entry.conversation) !== entry) return;
    this.#emit('typing', { conversation: entry.conversation, user, typing: false,
      users: this.typingUsers(entry.conversation) });
  }

  #onRead(frame) {
    this.supports.read = true;
    if (frame.user === this.user && Number.isInteger(frame.offset)) {
      this.#readMarkers.set(frame.conversation, frame.offset); // the server's word (of any connection of this user)
    }
    this.#emit('read', { conversation: frame.conversation, user: frame.user, offset: frame.offset,
      mine: frame.user === this.user });
  }

  #gap(entry, gap) {
    if (!this.#autoFillGaps) {
      if (entry.rejoin) return; // reported once the rejoin is complete
      this.#emit('recovery', { conversation: entry.conversation, since: gap.after, offset: entry.latest,
        recovered: false, complete: false, gap });
      return;
    }
    if (this.#ready && !entry.rejoin) queueMicrotask(() => this.#autoFill(entry));
  }

  /** Pages what is missing in `entry` until every stored event up to now is delivered (or known to be gone). */
  #autoFill(entry) {
    if (entry.filling) return entry.filling;
    entry.filling = (async () => {
      let paged = 0;
      const lost = [];
      try {
        for (let round = 0; round < 10_000 && this.#conversations.get(entry.conversation) === entry; round++) {
          if (entry.seq.last >= entry.latest && entry.seq.heldCount === 0) break;
          const page = await this.#history(entry.conversation, { after: entry.seq.last, limit: HISTORY_PAGE }, false);
          // a page `after` the last offset delivered carries every entry of its range still shown: its holes are
          // deleted messages (or purged ones), not gaps
          for (const message of page.messages) if (entry.seq.accept(message) === 'delivered') paged += 1;
          if (!page.next) {
            // the store holds nothing more below what waits: those offsets are gone
            if (entry.seq.heldCount > 0) lost.push(entry.seq.skipTo(entry.seq.lowestHeld - 1));
            break;
          }
          entry.seq.skipTo(page.next.after); // past a page of deleted messages only (else it is there already)
        }
      } finally {
        entry.filling = null;
      }
      return { paged, lost: lost.filter(Boolean) };
    })();
    entry.filling.then(({ paged, lost }) => {
      this.#emit('recovery', { conversation: entry.conversation, since: entry.recoverySince ?? null,
        offset: entry.latest, recovered: false, complete: true, paged, lost });
    }, (error) => {
      if (error?.code !== 'closed') this.#emit('error', error);
    });
    return entry.filling;
  }

  // ---- rejoining after a reconnect ---------------------------------------------------------------------------

  #rejoinAll() {
    const entries = [...this.#conversations.values()];
    this.#rejoinWaiting = new Set(entries);
    this.#rejoinEntries = entries;
    if (entries.length === 0) return this.#becomeReady();
    for (const entry of entries) {
      entry.rejoin = { since: entry.resume ? entry.seq.last : null, recovered: undefined };
      entry.replayed = 0;
      this.#sendJoin(entry);
    }
  }

  #rejoinWaiting = new Set();
  #rejoinEntries = [];

  #rejoinAnswered(entry) {
    if (!this.#rejoinWaiting.delete(entry) || this.#rejoinWaiting.size > 0) return;
    // Requests are answered in order: once this ping is answered, every join's replay and run snapshot is in.
    const generation = this.#generation;
    const ref = this.#nextRef();
    this.#pending.set(ref, {
      ref, kind: 'ping', frame: { type: 'ping', ref }, resendable: false, sentOn: generation, retries: 0,
      order: -1, timer: null,
      resolve: () => {
        if (generation === this.#generation) this.#afterRejoin(generation);
      },
      reject: () => {},
    });
    this.#queueFirst({ type: 'ping', ref });
  }

  #afterRejoin(generation) {
    const entries = this.#rejoinEntries.filter((e) => this.#conversations.get(e.conversation) === e);
    this.#rejoinEntries = [];
    const gaps = [];
    for (const entry of entries) {
      const rejoin = entry.rejoin;
      entry.rejoin = null;
      this.#runs.settle(entry.conversation, generation);
      if (rejoin.since === null) continue;
      const complete = entry.seq.last >= entry.latest && entry.seq.heldCount === 0;
      const info = { conversation: entry.conversation, since: rejoin.since, offset: entry.latest,
        recovered: rejoin.recovered === true, replayed: entry.replayed, complete };
      entry.recoverySince = rejoin.since;
      if (!complete) {
        info.gap = { after: entry.seq.last, before: entry.latest + 1 };
        if (this.#autoFillGaps) gaps.push(entry);
        else entry.seq.skipTo(entry.latest); // the application pages the gap (fillGap); it is not reported twice
      }
      this.#emit('recovery', info);
    }
    this.#becomeReady();
    for (const entry of gaps) this.#autoFill(entry);
  }

  #becomeReady() {
    this.#ready = true;
    this.#emit('ready', { welcome: this.#welcome });
    for (const waiter of this.#readyWaiters.splice(0)) waiter.resolve();
    this.#flushReads();
    this.#pump();
  }

  #readyWaiters = [];

  #whenReady() {
    if (this.#ready) return Promise.resolve();
    if (this.#state === 'closed') return Promise.reject(new ParleyError('closed', 'the client was closed'));
    this.#wake();
    return new Promise((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  #sendJoin(entry) {
    const ref = this.#nextRef();
    const frame = { type: 'join', conversation: entry.conversation, ref };
    if (entry.resume) frame.since = entry.seq.last;
    if (entry.tools !== undefined) frame.tools = entry.tools;
    this.#pending.set(ref, { ref, kind: 'join', entry, frame, resendable: false, sentOn: this.#generation,
      retries: 0, order: -1, timer: null, resolve: () => {}, reject: () => {} });
    this.#queueFirst(frame);
  }

  // ---- requests --------------------------------------------------------------------------------------------

  #fireAndForget = new Map();

  #nextRef() {
    this.#refSeq += 1;
    return `r${this.#refSeq}`;
  }

  #request(kind, frame, { resendable = true, lazy = true, bounded = true, onAnswer, onError, recover } = {}) {
    const ref = this.#nextRef();
    frame.ref = ref;
    const bytes = utf8Length(JSON.stringify(frame));
    const max = this.#welcome?.limits?.max_message_bytes;
    if (typeof max === 'number' && bytes > max) {
      return Promise.reject(new ParleyError('too_large', `the ${kind} frame has ${bytes} bytes; this server takes at most ${max}`));
    }
    if (this.#state === 'closed') return Promise.reject(new ParleyError('closed', 'the client was closed'));
    if (bounded && this.#outbox.length >= this.#maxQueued) {
      return Promise.reject(new ParleyError('queue_full',
        `${this.#outbox.length} requests already wait to be sent (maxQueued ${this.#maxQueued}); try again once connected`));
    }
    return new Promise((resolve, reject) => {
      const request = { ref, kind, frame, bytes, resendable, resolve, reject, sentOn: null, wasSent: false,
        retries: 0, order: ++this.#order, timer: null, resent: false, onAnswer, onError, recover };
      this.#pending.set(ref, request);
      this.#outbox.push(request);
      if (lazy) this.#wake();
      this.#pump();
    });
  }

  /** A second answer to a request already answered (an upload's final `ack`). */
  #expect(ref, type) {
    return new Promise((resolve, reject) => {
      this.#pending.set(ref, { ref, kind: 'expect', answer: type, frame: null, resendable: false, resolve, reject,
        sentOn: this.#generation, wasSent: true, retries: MAX_RETRIES, order: ++this.#order, timer: null });
    });
  }

  #answer(frame) {
    const request = this.#pending.get(frame.ref);
    if (!request) return;
    const expected = request.answer ?? ANSWERS[request.kind];
    if (expected && frame.type !== expected) {
      this.#logger.debug?.(`parley: ${request.kind} answered with ${frame.type}`);
    }
    this.#pending.delete(frame.ref);
    clearTimeout(request.timer);
    request.onAnswer?.(frame); // at once, before later frames: what the answer changes is in place for them
    request.resolve(frame);
  }

  #fail(request, error) {
    this.#pending.delete(request.ref);
    clearTimeout(request.timer);
    request.reject(error);
  }

  #notify(kind, frame) {
    if (!this.#ready || this.supports[kind] === false) return false;
    const ref = `f${++this.#refSeq}`;
    this.#fireAndForget.set(ref, kind);
    if (this.#fireAndForget.size > 100) this.#fireAndForget.delete(this.#fireAndForget.keys().next().value);
    this.#priority.push({ ...frame, ref });
    this.#pump();
    return true;
  }

  #feature(name, promise) {
    return promise.then((answer) => {
      this.supports[name] = true;
      return answer;
    }, (error) => {
      if (error?.code === 'unsupported') this.supports[name] = false;
      throw error;
    });
  }

  /** When the client is idle after a 4001, a request reconnects it. */
  #wake() {
    if (this.#lazy && this.#state === 'idle') {
      this.#lazy = false;
      this.#open();
    }
  }

  // ---- frames out ------------------------------------------------------------------------------------------

  #queueFirst(frame) {
    this.#priority.push(frame);
    this.#pump();
  }

  /** Writes what waits, as fast as the pacer allows: priority frames first, the outbox once ready. */
  #pump() {
    if (this.#timers.pump || !this.#socket || this.#state !== 'open') return;
    while (this.#priority.length || (this.#ready && this.#outbox.length)) {
      const wait = this.#pacer.take();
      if (wait > 0) {
        this.#setTimer('pump', wait, () => {
          this.#timers.pump = null;
          this.#pump();
        });
        return;
      }
      if (this.#priority.length) {
        this.#write(this.#priority.shift());
        continue;
      }
      const request = this.#outbox.shift();
      if (!this.#pending.has(request.ref)) continue;
      if (request.binary && request.generation !== this.#generation) {
        // an upload's bytes belong to the connection that announced it; the next one announces it again first
        this.#fail(request, new ParleyError('disconnected', 'the connection of the upload ended'));
        continue;
      }
      request.sentOn = this.#generation;
      request.wasSent = true;
      if (request.binary) {
        this.#writeBinary(request);
        continue;
      }
      if (this.#requestTimeoutMs > 0) {
        request.timer = setTimeout(() => {
          if (this.#pending.get(request.ref) === request && request.sentOn === this.#generation) {
            this.#fail(request, new ParleyError('timeout', `no answer to ${request.kind} within ${this.#requestTimeoutMs} ms`));
          }
        }, this.#requestTimeoutMs);
      }
      this.#write(request.frame);
    }
  }

  #write(frame) {
    try {
      this.#socket.send(JSON.stringify(frame));
    } catch (error) {
      this.#logger.debug?.('parley: a write failed', error?.message ?? error);
    }
  }

  #writeNow(frame) {
    if (this.#socket && this.#state === 'open') this.#write(frame);
  }

  /**
   * One binary frame of an upload: resolves once written, rejected `disconnected` when the connection ends first
   * (or has ended: bytes never wait for the next connection, where they would come before the upload's announce).
   */
  #sendBinary(bytes, generation = this.#generation) {
    if (!this.#ready || generation !== this.#generation) {
      return Promise.reject(new ParleyError('disconnected', 'the connection of the upload ended'));
    }
    return new Promise((resolve, reject) => {
      const ref = `b${++this.#refSeq}`;
      const request = { ref, kind: 'binary', binary: bytes, frame: {}, bytes: bytes.byteLength, resendable: false,
        resolve, reject, sentOn: null, wasSent: false, retries: MAX_RETRIES, order: ++this.#order, timer: null,
        generation };
      this.#pending.set(ref, request);
      this.#outbox.push(request);
      this.#pump();
    });
  }

  #writeBinary(request) {
    try {
      this.#socket.send(request.binary);
      this.#pending.delete(request.ref);
      request.resolve();
    } catch (error) {
      this.#fail(request, new ParleyError('disconnected', `a binary write failed: ${error?.message ?? error}`));
    }
  }

  // ---- timers ----------------------------------------------------------------------------------------------

  #armWatchdog() {
    if (!this.#heartbeat || !this.#welcome?.heartbeat || this.#state !== 'open') return;
    const { interval_ms: interval, timeout_ms: timeout } = this.#welcome.heartbeat;
    if (!(interval > 0)) return;
    this.#setTimer('watchdog', interval + (timeout ?? interval) + 1000, () => {
      this.#timers.watchdog = null;
      if (this.#socket) this.#dropSocket(4000, 'no frame from the server within the heartbeat', { local: true });
    });
  }

  #scheduleRefresh(token, answer) {
    this.#clearTimer('refresh');
    if (typeof this.#token !== 'function' || this.supports.refresh === false) return;
    const expiresAt = answer?.expires_at ? Date.parse(answer.expires_at) : tokenExpiry(token);
    if (!Number.isFinite(expiresAt)) return;
    const delay = refreshDelay(expiresAt, Date.now(), this.#refreshBeforeMs);
    this.#setTimer('refresh', delay, () => {
      this.#timers.refresh = null;
      this.refreshToken().catch((error) => {
        if (error?.code === 'unsupported' || error?.code === 'disconnected' || error?.code === 'closed') return;
        this.#emit('error', new ParleyError(error?.code ?? 'token', `token refresh failed: ${error?.message ?? error}`));
        if (this.#state === 'open') {
          this.#setTimer('refresh', Math.max(1000, Math.min(30_000, (expiresAt - Date.now()) / 2)),
            () => this.refreshToken().catch(() => {}));
        }
      });
    });
  }

  #setTimer(name, ms, fn) {
    clearTimeout(this.#timers[name]);
    this.#timers[name] = setTimeout(fn, ms);
  }

  #clearTimer(name) {
    clearTimeout(this.#timers[name]);
    this.#timers[name] = null;
  }

  // ---- small helpers ---------------------------------------------------------------------------------------

  #setState(state) {
    if (this.#state === state) return;
    this.#state = state;
    this.#emit('status', state);
  }

  #settleConnect(ok, error) {
    for (const waiter of this.#connectWaiters.splice(0)) {
      if (ok) waiter.resolve(this.#welcome);
      else waiter.reject(error);
    }
  }

  #emit(type, ...args) {
    this.#emitter.emit(type, ...args);
  }

  async #http(path) {
    if (!this.#fetch) throw new ParleyError('unsupported', 'no fetch here: pass options.fetch');
    const url = new URL(path, httpBase(this.#url));
    const headers = { accept: 'application/json' };
    const token = this.#currentToken ?? (await this.#resolveToken());
    if (token) headers.authorization = `Bearer ${token}`;
    else if (this.#user) url.searchParams.set('user', this.#user);
    return this.#fetch(url.toString(), { headers });
  }
}

/** The HTTP origin of a WebSocket URL (ws → http, wss → https). */
export function httpBase(wsUrl) {
  const url = new URL(wsUrl, globalThis.location?.href);
  url.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
  url.pathname = '/';
  url.search = '';
  return url.toString();
}

/** A random UUID (v4), also in browser pages that are not a secure context (no crypto.randomUUID there). */
export function uuid() {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function defaultUrl() {
  const location = globalThis.location;
  if (!location?.host) return undefined;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

function asStored(item) {
  return item.type ? item : { type: 'message', ...item };
}

function withId(promise, id) {
  promise.id = id;
  return promise;
}

function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

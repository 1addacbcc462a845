// Types of Parley's JavaScript client (written by hand; the client itself is plain JavaScript).

/** A WebSocket constructor: the browser's, or one from a package such as `ws` in Node.js. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: any }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: any) => void) | null;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface Logger {
  debug?(...args: unknown[]): void;
  info?(...args: unknown[]): void;
  warn?(...args: unknown[]): void;
  error?(...args: unknown[]): void;
}

export interface ReconnectOptions {
  /** First backoff ceiling, doubling per attempt (default 500 ms). */
  minDelayMs?: number;
  /** Largest backoff ceiling (default 20 000 ms). */
  maxDelayMs?: number;
  /** After a 1001 (node shutting down): a random delay below this (default 1 000 ms). */
  shutdownDelayMs?: number;
  /** A connection open at least this long resets the backoff (default 10 000 ms). */
  stableAfterMs?: number;
}

export interface ParleyOptions {
  /** ws(s)://host/ws; in a browser page the default is the page's own host. */
  url?: string;
  /** Dev mode: who this is (the `user` query parameter). */
  user?: string;
  /** JWT mode: a token, or a function returning a fresh one (called on every connect and before expiry). */
  token?: string | (() => string | Promise<string>);
  /** How the token travels: an `auth` frame (default) or the `access_token` query parameter. */
  tokenTransport?: 'frame' | 'query';
  /** The WebSocket implementation (default: globalThis.WebSocket; Node.js: pass the `ws` package's). */
  WebSocket?: WebSocketConstructor;
  /** Subprotocols offered (default ['parley.v1']). */
  protocols?: string[];
  /** Reconnection delays, or false to never reconnect by itself. */
  reconnect?: ReconnectOptions | false;
  /** Requests that may wait to be sent (offline, or paced) before `send` is rejected `queue_full` (default 100). */
  maxQueued?: number;
  /** An answer that takes longer on an open connection rejects the request `timeout` (default 30 000; 0: never). */
  requestTimeoutMs?: number;
  /** No `welcome` this long after starting to connect: the attempt is given up and retried (default 15 000). */
  connectTimeoutMs?: number;
  /** Refresh a token this long before it expires (default 60 000). */
  refreshBeforeMs?: number;
  /** Page gaps in a conversation by itself, holding later events until they are filled (default true). */
  autoFillGaps?: boolean;
  /** Close and reconnect when the server is silent past its announced heartbeat (default true). */
  heartbeat?: boolean;
  /** fetch for the HTTP helpers (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** Messages `messages(conversation)` keeps per conversation, the oldest dropped first (default 1000; 0: none). */
  keepMessages?: number;
  /** Another member is "typing" this long after their last `typing` notice (default 4 000). */
  typingExpiryMs?: number;
  /** `typing()` sends at most one notice per conversation this often (default 2 000). */
  typingIntervalMs?: number;
  /** Where the client reports what it does not throw; nothing is printed without one. */
  logger?: Logger;
}

export type ClientState = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped' | 'closed';

export interface Welcome {
  type: 'welcome';
  protocol: number;
  connection: string;
  user: string;
  node: string;
  heartbeat: { interval_ms: number; timeout_ms: number };
  limits: { max_message_bytes: number; messages_per_second: number; max_upload_bytes: number };
}

/** A file a message carries (an upload's message: its `content` is the file's name). */
export interface Attachment {
  id: string;
  name: string;
  /** The mime type the uploader announced. */
  mime: string;
  /** Bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  /**
   * Relative to the gateway (`/api/attachments/{id}?expires=…&signature=…`): signed and expiring, usable without
   * credentials (an `<img src>`); history pages bring a fresh one. `client.attachmentUrl(a)` makes it absolute.
   */
  url: string;
}

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A front-end tool the assistant may call (AG-UI `Tool`): offered with `join` or `send`, run by the client. */
export interface Tool {
  name: string;
  description: string;
  /** The arguments' JSON Schema. */
  parameters: { [key: string]: unknown };
  metadata?: { [key: string]: unknown };
}

/** A tool call as a stored assistant message keeps it. */
export interface AgUiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A stored event of a conversation: a message, or an edit or deletion of one (each with its own offset). */
export interface StoredMessage {
  type: 'message';
  conversation: string;
  offset: number;
  id: string;
  role: 'user' | 'assistant' | 'system' | 'tool';
  sender: string;
  content: string;
  at: string;
  run?: string;
  /** An assistant message's tool calls (its `content` may then be ""). */
  toolCalls?: AgUiToolCall[];
  /** A tool result (`role: 'tool'`): the call it answers. */
  toolCallId?: string;
  /** An assistant message's reasoning, kept apart from its content. */
  reasoning?: string;
  /** The file of an upload's message. */
  attachment?: Attachment;
  /** When it was last edited (ISO-8601): the message is shown as it now is. */
  edited_at?: string;
}
/** An edit, at an offset of its own: `id` is the message edited, `by` who edited it, `at` when. */
export interface MessageEdited {
  type: 'message_edited';
  conversation: string;
  offset: number;
  id: string;
  content: string;
  by: string;
  at: string;
}
/** A delete, at an offset of its own: `id` is the message deleted (gone from replays and history pages). */
export interface MessageDeleted {
  type: 'message_deleted';
  conversation: string;
  offset: number;
  id: string;
  by: string;
  at: string;
}
export type StoredEvent = StoredMessage | MessageEdited | MessageDeleted;

export interface Joined {
  type: 'joined';
  conversation: string;
  role: 'owner' | 'member' | 'viewer';
  offset: number;
  recovered?: boolean;
  ref?: string;
}
export interface Ack {
  type: 'ack';
  conversation?: string;
  offset?: number;
  id?: string;
  run?: string;
  version?: number;
  ref?: string;
}
export interface HistoryPage {
  conversation: string;
  /** Oldest first; offsets may have holes (deleted messages). */
  messages: StoredEvent[];
  has_more: boolean;
  /** The range to ask for next (null when `has_more` is false), also past a page that showed nothing. */
  next: { after: number; before?: number } | { before: number; after?: number } | null;
}
export interface Gap {
  /** The last offset before the gap. */
  after: number;
  /** The first offset after it (exclusive bound). */
  before: number;
}
export interface Presence {
  type: 'presence';
  conversation: string;
  members: { user: string; connections: number }[];
}
export interface ConversationSummary {
  id: string;
  role: string;
  /** The latest offset. */
  offset: number;
  /** The caller's read marker. */
  read?: number;
  /** Messages of others, shown, after the marker. */
  unread?: number;
}
/** `typing`: a member started typing (`typing: true`) or stopped (false: expired, or their message came). */
export interface TypingChange {
  conversation: string;
  user: string;
  typing: boolean;
  /** Who is typing now. */
  users: string[];
}
/** `read`: a member's read marker moved (`mine`: this user's, on any of its connections). */
export interface ReadMarker {
  conversation: string;
  user: string;
  offset: number;
  mine: boolean;
}
/** The ack of a delete resent after a drop that found the message gone already. */
export interface DeleteAck extends Ack {
  resent?: true;
}
export interface JoinedConversation {
  conversation: string;
  role: string | null;
  /** The latest offset the server announced when joining. */
  offset: number;
  /** The highest offset delivered with nothing missing below it. */
  last: number;
  joined: boolean;
}

/** An AG-UI event as Parley relays it: its AG-UI fields plus `conversation` and the run's `seq`. */
export interface AgUiEvent {
  type: string;
  conversation: string;
  seq?: number;
  [field: string]: unknown;
}

export interface RunTextMessage {
  id: string;
  role: string;
  text: string;
  done: boolean;
  /** The stored message's offset, once it is stored. */
  offset: number | null;
}
export interface RunToolCall {
  id: string;
  name: string | undefined;
  /** The id of the assistant message that makes the call (its stored message, once stored). */
  parentMessageId: string | null;
  /** The arguments' JSON text as streamed so far (whole once `done`). */
  args: string;
  /** TOOL_CALL_END came (or the run finished, or the call was stored). */
  done: boolean;
  /** The run finished with this call awaiting its result (`outcome.pendingToolCallIds`), and none came yet. */
  pending: boolean;
  /** The result's content, once a `tool_result` for it is stored (TOOL_CALL_RESULT too). */
  result: string | undefined;
  /** The offset of the stored assistant message with the call. */
  offset: number | null;
  /** The offset of the stored tool result. */
  resultOffset: number | null;
  /** The id of the stored tool result. */
  resultId: string | null;
}
export interface RunReasoningMessage {
  id: string;
  text: string;
  done: boolean;
}
export interface RunOutcome {
  type: 'success' | string;
  /** The tool calls that wait for a `tool_result` before the assistant goes on. */
  pendingToolCallIds?: string[];
  [field: string]: unknown;
}
export interface Usage {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  reasoningTokens?: number;
}
export interface Run {
  id: string;
  conversation: string;
  status: 'running' | 'finished' | 'error' | 'cancelled' | 'interrupted';
  /** Steps started and not finished (e.g. `generating`). */
  steps: string[];
  messages: RunTextMessage[];
  toolCalls: RunToolCall[];
  /** The assistant's text so far (its text messages joined); reasoning is not in it. */
  text: string;
  reasoningMessages: RunReasoningMessage[];
  /** The reasoning so far (its reasoning messages joined), apart from `text`. */
  reasoning: string;
  /** Between REASONING_START and REASONING_END. */
  reasoningActive: boolean;
  result: unknown;
  outcome: RunOutcome | undefined;
  /** From `outcome` once finished: the calls that wait for a result ([] when none). */
  pendingToolCallIds: string[];
  /** Tokens used, per model call (RUN_FINISHED `usage`), or null. */
  usage: Usage[] | null;
  /** The run's own STATE_SNAPSHOT (the state it started from). */
  state?: { snapshot: unknown; version: number };
  error: { code: string; message: string } | null;
  seq: number;
  persisted: boolean;
  startedAt: number;
  endedAt: number | null;
}

export declare class RunAssembler {
  constructor(emit: (run: Run, event: AgUiEvent) => void, options?: { maxRuns?: number });
  /** Extension point: an AG-UI event type → how it changes a run. */
  handlers: Record<string, (run: Run, event: AgUiEvent) => void>;
  get(runId: string): Run | undefined;
  active(conversation: string): Run | undefined;
  all(): Run[];
  /** A tool call of `conversation` and the run that made it. */
  toolCall(conversation: string, toolCallId: string): { run: Run; call: RunToolCall } | undefined;
}

export interface Recovery {
  conversation: string;
  /** The offset the rejoin asked from. */
  since: number | null;
  /** The latest offset when rejoining. */
  offset: number;
  /** The server's word: the replay started at since + 1 and reached `offset`. */
  recovered: boolean;
  /** Whether the application now has every stored event up to `offset`. */
  complete: boolean;
  replayed?: number;
  /** What is missing (when not complete). */
  gap?: Gap;
  /** Events paged in over history (auto-fill). */
  paged?: number;
  /** Ranges the store no longer holds (retention). */
  lost?: Gap[];
}

/** An RFC 6902 operation. */
export type JsonPatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'move'; from: string; path: string }
  | { op: 'copy'; from: string; path: string }
  | { op: 'test'; path: string; value: unknown };
export type JsonPatch = JsonPatchOperation[];

/** A conversation's shared state as this client holds it. */
export interface SharedState<T = JsonValue> {
  conversation: string;
  /** Frozen; `{}` while version is 0. */
  state: T;
  /** 0 when the conversation has no state yet. */
  version: number;
  /** A delta was missed (or a change refused): the state is behind until the next snapshot. */
  stale: boolean;
}
/** What the `state` event reports. */
export interface StateChange<T = JsonValue> extends SharedState<T> {
  /** snapshot: taken whole; delta: a STATE_DELTA applied; ack: this client's own change, applied at its ack; stale: behind. */
  source: 'snapshot' | 'delta' | 'ack' | 'stale';
  /** The patch applied (delta, ack). */
  delta?: JsonPatch;
  /** The STATE_SNAPSHOT or STATE_DELTA frame. */
  frame?: AgUiEvent;
}
export interface StateAck<T = JsonValue> extends Ack {
  version: number;
  /** The state after the change. */
  state: T;
}
export interface ChangeStateOptions<T = JsonValue> {
  /** On `conflict`, try once more against the snapshot: true sends the same patch, a function makes a new one (null: give up). */
  retry?: boolean | ((state: T, version: number) => JsonPatch | null | undefined);
}

export interface Disconnected {
  code: number;
  reason: string;
  willReconnect: boolean;
  delayMs: number | null;
}

export interface ParleyEvents {
  status: (state: ClientState) => void;
  connecting: (info: { attempt: number }) => void;
  connected: (info: { welcome: Welcome; reconnected: boolean }) => void;
  ready: (info: { welcome: Welcome }) => void;
  disconnected: (info: Disconnected) => void;
  joined: (info: { conversation: string; role: string; offset: number; recovered?: boolean; rejoin: boolean }) => void;
  left: (info: { conversation: string; reason: string }) => void;
  deleted: (info: { conversation: string; reason: string }) => void;
  role: (frame: { conversation: string; role: string }) => void;
  message: (message: StoredMessage) => void;
  /** `message`: the edited message as `messages()` now holds it (undefined when it is not held). */
  message_edited: (event: MessageEdited, message: StoredMessage | undefined) => void;
  /** `message`: the message removed from `messages()` (undefined when it was not held). */
  message_deleted: (event: MessageDeleted, message: StoredMessage | undefined) => void;
  run: (run: Run, event: AgUiEvent) => void;
  agui: (event: AgUiEvent) => void;
  state: (change: StateChange) => void;
  recovery: (info: Recovery) => void;
  presence: (info: { conversation: string; user: string; present: boolean }) => void;
  typing: (change: TypingChange) => void;
  read: (marker: ReadMarker) => void;
  error: (error: ParleyError) => void;
  frame: (frame: { type: string; [field: string]: unknown }) => void;
}

export interface Supports {
  presence: boolean | undefined;
  typing: boolean | undefined;
  read: boolean | undefined;
  refresh: boolean | undefined;
  auth: boolean | undefined;
  upload: boolean | undefined;
  edit: boolean | undefined;
  delete: boolean | undefined;
  conversations: boolean | undefined;
}

export interface UploadProgress {
  /** Bytes written so far (after a resume: from what the server held). */
  sent: number;
  size: number;
}
export interface UploadOptions {
  /** The file's name (default: a File's own name, else `upload`). */
  name?: string;
  /** Its mime type (default: a Blob's own type, else `application/octet-stream`). */
  mime?: string;
  /** Called as bytes go out, and with the server's count when an upload is resumed. */
  onProgress?: (progress: UploadProgress) => void;
  /** Cancels the upload (rejected `aborted`) until its last byte is out. */
  signal?: AbortSignal;
}
/** The `ack` of a stored upload, with what was uploaded. */
export interface UploadResult extends Ack {
  conversation: string;
  offset: number;
  /** The stored message's id. */
  id: string;
  /** The server's upload id (undefined when the ack was lost and the upload's message answered instead). */
  upload: string | undefined;
  name: string;
  mime: string;
  size: number;
  /** Lower-case hex; undefined where the page has no WebCrypto (an insecure context). */
  sha256: string | undefined;
}

export declare class ParleyClient {
  constructor(options?: ParleyOptions);
  readonly state: ClientState;
  readonly welcome: Welcome | null;
  readonly user: string | undefined;
  readonly ready: boolean;
  readonly runs: RunAssembler;
  supports: Supports;

  on<K extends keyof ParleyEvents>(type: K, listener: ParleyEvents[K]): () => void;
  once<K extends keyof ParleyEvents>(type: K, listener: ParleyEvents[K]): () => void;
  off<K extends keyof ParleyEvents>(type: K, listener: ParleyEvents[K]): void;

  connect(): Promise<Welcome>;
  disconnect(): void;
  close(): void;

  /** `tools`: offered to the assistant for runs this connection starts; kept for the re-joins after a reconnect. */
  join(conversation: string, options?: { since?: number; tools?: Tool[] }): Promise<Joined>;
  leave(conversation: string): Promise<{ type: 'left'; conversation: string }>;
  conversations(): JoinedConversation[];
  lastOffset(conversation: string): number | undefined;
  /** A joined conversation's messages as they now are (edits applied, deletes removed), oldest first. */
  messages(conversation: string): StoredMessage[];
  /** Who is typing in `conversation` now. */
  typingUsers(conversation: string): string[];
  /** This user's read marker there as far as this client knows (0 when unknown). */
  readMarker(conversation: string): number;

  send(conversation: string, content: string,
       options?: { id?: string; reply?: boolean; tools?: Tool[]; resume?: unknown[] }): Promise<Ack> & { id: string };
  history(conversation: string, options?: { before?: number; after?: number; limit?: number }): Promise<HistoryPage>;
  fillGap(conversation: string, gap: Partial<Gap>): Promise<StoredEvent[]>;
  cancel(runId: string): Promise<Ack>;
  presence(conversation: string): Promise<Presence>;
  /** At most one notice per `typingIntervalMs`; true when sent. */
  typing(conversation: string): boolean;
  /** Sent only when it moves the marker forward (kept for later while offline); true when it does. */
  markRead(conversation: string, offset: number): boolean;
  edit(conversation: string, id: string, content: string): Promise<Ack>;
  deleteMessage(conversation: string, id: string): Promise<DeleteAck>;
  /** Answers a tool call; `content` that is not a string is sent as its JSON. Idempotent by `id` (a UUID unless given). */
  toolResult(conversation: string, toolCallId: string, content: unknown,
             options?: { reply?: boolean; id?: string }): Promise<Ack> & { id: string };
  /** The shared state this client holds for a joined conversation (undefined when not joined). */
  sharedState<T = JsonValue>(conversation: string): SharedState<T> | undefined;
  /** Changes the shared state against the version held; `conflict` rejects with the current `state` and `version`. */
  changeState<T = JsonValue>(conversation: string, patch: JsonPatch, options?: ChangeStateOptions<T>): Promise<StateAck<T>>;
  /** The raw `state` request against `version`. */
  patchState(conversation: string, version: number, patch: JsonPatch): Promise<Ack>;
  /** One upload at a time (a second waits); resumed after a drop or a `rate_limited` chunk. */
  upload(conversation: string, data: Blob | ArrayBuffer | ArrayBufferView, options?: UploadOptions): Promise<UploadResult>;
  /** An attachment's `url` made absolute (against the gateway's HTTP origin). */
  attachmentUrl(attachment: Attachment | { url: string } | string): string;
  ping(): Promise<number>;
  refreshToken(): Promise<{ type: 'refreshed'; expires_at?: string } | null>;
  listConversations(): Promise<ConversationSummary[] | null>;
}

export type ErrorCode =
  | 'bad_request' | 'unknown_type' | 'too_large' | 'rate_limited' | 'forbidden' | 'not_found' | 'not_joined'
  | 'conflict' | 'limit_exceeded' | 'unavailable' | 'internal'
  | 'queue_full' | 'closed' | 'stopped' | 'timeout' | 'unsupported' | 'disconnected' | 'token' | 'left' | 'aborted'
  | 'deleted' | 'removed';

export declare class ParleyError extends Error {
  constructor(code: string, message: string, details?: { ref?: string; retryAfterMs?: number; closeCode?: number; frame?: object });
  readonly code: ErrorCode | string;
  readonly ref?: string;
  readonly retryAfterMs?: number;
  readonly closeCode?: number;
  readonly frame?: object;
  /** A refused state change (`conflict`): the state and version now held. */
  readonly state?: unknown;
  readonly version?: number;
  static fromFrame(frame: { code?: string; message?: string; ref?: string; retry_after_ms?: number }): ParleyError;
}

export declare class Sequencer {
  constructor(deliver: (event: StoredEvent) => void, onGap: (gap: Gap) => void, options?: { hold?: boolean; maxHeld?: number });
  last: number;
  readonly heldCount: number;
  readonly lowestHeld: number | null;
  reset(offset: number): void;
  push(event: StoredEvent): 'delivered' | 'duplicate' | 'held';
  /** An event of a replay or history page: the offsets below it not carried are not shown (deleted), not a gap. */
  accept(event: StoredEvent): 'delivered' | 'duplicate';
  skipTo(offset: number): Gap | null;
}

/** Each conversation's messages as they now are (what `client.messages()` reads). */
export declare class MessageModels {
  constructor(options?: { keep?: number });
  list(conversation: string): StoredMessage[];
  get(conversation: string, id: string): StoredMessage | undefined;
  open(conversation: string): void;
  forget(conversation: string): void;
  clear(): void;
  apply(event: StoredEvent, readAt?: number): { message: StoredMessage } | { removed: StoredMessage } | null;
  applyPage(conversation: string, events: StoredEvent[]): void;
}

export declare class PatchError extends Error {
  constructor(code: string, message: string, details?: { index?: number; operation?: object });
  readonly code: 'invalid_patch' | 'invalid_pointer' | 'not_found' | 'test_failed' | string;
  /** The failing operation's place in the patch. */
  readonly index?: number;
  readonly operation?: object;
}
/** RFC 6902: the patched document (a new value); the one given is never changed, and a failing patch changes nothing. */
export declare function applyPatch<T = JsonValue>(document: unknown, patch: JsonPatch): T;
/** Throws a PatchError unless `patch` is a well-formed JSON Patch. */
export declare function validatePatch(patch: unknown): asserts patch is JsonPatch;
/** RFC 6901: a pointer's reference tokens, unescaped. */
export declare function parsePointer(pointer: string): string[];
/** RFC 6901: a pointer made of tokens, escaped. */
export declare function formatPointer(tokens: (string | number)[]): string;
/** The value a pointer names, or undefined. */
export declare function resolvePointer(document: unknown, pointer: string): unknown;
/** Equality as RFC 6902 `test` compares JSON values. */
export declare function jsonEqual(a: unknown, b: unknown): boolean;

export declare class SharedStates {
  get(conversation: string): SharedState;
  snapshots(conversation: string): number;
  snapshot(frame: { conversation: string; snapshot: unknown; version: number; seq?: number }): StateChange | null;
  delta(frame: { conversation: string; delta: JsonPatch; version: number }): StateChange | null;
  acknowledged(conversation: string, base: number, patch: JsonPatch, version: number): StateChange | null;
  conflict(conversation: string): StateChange | null;
  forget(conversation: string): void;
  snapshotAfter(conversation: string, mark: number, timeoutMs?: number): Promise<void>;
}

export declare const AGUI_TYPES: ReadonlySet<string>;
export declare const CONVERSATION_ID: RegExp;
export declare const DEFAULT_RECONNECT: Readonly<Required<ReconnectOptions>>;
export declare function closePolicy(code: number): { action: 'stop' | 'soon' | 'backoff' | 'lazy'; penalty: number };
export declare function backoffDelay(attempt: number, options: { minDelayMs: number; maxDelayMs: number }, random?: () => number): number;
export declare function tokenExpiry(token: string): number | null;
export declare function httpBase(wsUrl: string): string;
export declare function uuid(): string;

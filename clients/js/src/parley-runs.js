// Assistant runs, assembled from their AG-UI events (PROTOCOL §2) into one object per run that the application
// can render as it streams: status, active steps, text messages, reasoning (kept apart from the answer), tool
// calls (name, arguments as they stream, done, pending, result), the outcome and the token usage.
//
// A member who joins (or rejoins) mid-run gets RUN_STARTED, the open reasoning and text so far, and each open tool
// call again (TOOL_CALL_START and its arguments so far in one TOOL_CALL_ARGS): every *_START starts its piece over,
// so nothing is ever doubled.
//
// Extension points: `handlers` maps an AG-UI event type to a function (run, event) that updates the run; add or
// replace entries for event types this client does not assemble yet (e.g. richer tool-call or reasoning views).
// Every AG-UI frame is also emitted as it came (the client's `agui` event), so nothing is lost either way.

/** AG-UI event types (core package, 1.0). A frame whose type is in here is a run event, not a Parley frame. */
export const AGUI_TYPES = new Set([
  'RUN_STARTED', 'RUN_FINISHED', 'RUN_ERROR', 'STEP_STARTED', 'STEP_FINISHED',
  'TEXT_MESSAGE_START', 'TEXT_MESSAGE_CONTENT', 'TEXT_MESSAGE_END', 'TEXT_MESSAGE_CHUNK',
  'TOOL_CALL_START', 'TOOL_CALL_ARGS', 'TOOL_CALL_END', 'TOOL_CALL_CHUNK', 'TOOL_CALL_RESULT',
  'STATE_SNAPSHOT', 'STATE_DELTA', 'MESSAGES_SNAPSHOT', 'ACTIVITY_SNAPSHOT', 'ACTIVITY_DELTA',
  'REASONING_START', 'REASONING_MESSAGE_START', 'REASONING_MESSAGE_CONTENT', 'REASONING_MESSAGE_END',
  'REASONING_MESSAGE_CHUNK', 'REASONING_END', 'REASONING_ENCRYPTED_VALUE',
  'THINKING_START', 'THINKING_END', 'THINKING_TEXT_MESSAGE_START', 'THINKING_TEXT_MESSAGE_CONTENT',
  'THINKING_TEXT_MESSAGE_END', 'RAW', 'CUSTOM',
]);

export class RunAssembler {
  /** @type {Map<string, object>} runId → run */
  #runs = new Map();
  /** @type {Map<string, string>} conversation → the run in flight there (one at a time per conversation) */
  #active = new Map();
  #emit;
  #maxRuns;

  /**
   * @param {(run: object, event: object) => void} emit called after every change of a run
   * @param {{maxRuns?: number}} [options] how many ended runs to remember
   */
  constructor(emit, { maxRuns = 200 } = {}) {
    this.#emit = emit;
    this.#maxRuns = maxRuns;
    this.handlers = {
      RUN_STARTED: (run) => {
        run.status = 'running';
        run.steps = [];
        run.error = null;
      },
      RUN_FINISHED: (run, e) => {
        const pending = Array.isArray(e.outcome?.pendingToolCallIds) ? [...e.outcome.pendingToolCallIds] : [];
        for (const call of run.toolCalls) {
          call.done = true; // a finished run has ended every call it made
          call.pending = pending.includes(call.id) && call.result === undefined;
        }
        this.#end(run, 'finished', { result: e.result, outcome: e.outcome, pendingToolCallIds: pending,
          usage: Array.isArray(e.usage) ? e.usage : run.usage });
        run.reasoningActive = false;
      },
      RUN_ERROR: (run, e) => this.#end(run, e.code === 'cancelled' ? 'cancelled' : 'error', {
        error: { code: e.code ?? 'internal', message: e.message ?? '' },
      }),
      STEP_STARTED: (run, e) => {
        if (!run.steps.includes(e.stepName)) run.steps.push(e.stepName);
      },
      STEP_FINISHED: (run, e) => {
        run.steps = run.steps.filter((s) => s !== e.stepName);
      },
      TEXT_MESSAGE_START: (run, e) => {
        const message = textMessage(run, e.messageId, e.role);
        message.text = ''; // a rejoin mid-run sends the text so far again, whole: start over, never twice
        message.done = false;
      },
      TEXT_MESSAGE_CONTENT: (run, e) => {
        textMessage(run, e.messageId).text += e.delta ?? '';
      },
      TEXT_MESSAGE_END: (run, e) => {
        textMessage(run, e.messageId).done = true;
      },
      TEXT_MESSAGE_CHUNK: (run, e) => {
        textMessage(run, e.messageId ?? lastMessageId(run), e.role).text += e.delta ?? '';
      },
      TOOL_CALL_START: (run, e) => {
        const call = toolCall(run, e.toolCallId);
        call.name = e.toolCallName;
        call.parentMessageId = e.parentMessageId ?? null;
        call.args = ''; // a re-opened call (late join, reconnect) brings its arguments so far again, whole
        call.done = false;
      },
      TOOL_CALL_ARGS: (run, e) => {
        toolCall(run, e.toolCallId).args += e.delta ?? '';
      },
      TOOL_CALL_CHUNK: (run, e) => {
        const call = toolCall(run, e.toolCallId ?? run.toolCalls.at(-1)?.id);
        if (e.toolCallName) call.name = e.toolCallName;
        call.args += e.delta ?? '';
      },
      TOOL_CALL_END: (run, e) => {
        toolCall(run, e.toolCallId).done = true;
      },
      TOOL_CALL_RESULT: (run, e) => {
        const call = toolCall(run, e.toolCallId);
        call.result = e.content;
        call.pending = false;
      },
      REASONING_START: (run) => {
        run.reasoningActive = true;
      },
      REASONING_MESSAGE_START: (run, e) => {
        const message = reasoningMessage(run, e.messageId);
        message.text = ''; // the reasoning so far comes again, whole, after a rejoin
        message.done = false;
      },
      REASONING_MESSAGE_CONTENT: (run, e) => {
        reasoningMessage(run, e.messageId).text += e.delta ?? '';
      },
      REASONING_MESSAGE_CHUNK: (run, e) => {
        reasoningMessage(run, e.messageId ?? run.reasoningMessages.at(-1)?.id ?? `${run.id}:reasoning`).text += e.delta ?? '';
      },
      REASONING_MESSAGE_END: (run, e) => {
        reasoningMessage(run, e.messageId).done = true;
      },
      REASONING_END: (run) => {
        run.reasoningActive = false;
      },
      // the names AG-UI had before 1.0, for servers that still send them
      THINKING_START: (run) => {
        run.reasoningActive = true;
      },
      THINKING_TEXT_MESSAGE_START: (run) => {
        const message = reasoningMessage(run, `${run.id}:thinking`);
        message.text = '';
        message.done = false;
      },
      THINKING_TEXT_MESSAGE_CONTENT: (run, e) => {
        reasoningMessage(run, `${run.id}:thinking`).text += e.delta ?? '';
      },
      THINKING_TEXT_MESSAGE_END: (run) => {
        reasoningMessage(run, `${run.id}:thinking`).done = true;
      },
      THINKING_END: (run) => {
        run.reasoningActive = false;
      },
      STATE_SNAPSHOT: (run, e) => {
        run.state = { snapshot: e.snapshot, version: e.version };
      },
    };
  }

  /** A run by id, or undefined. */
  get(runId) {
    return this.#runs.get(runId);
  }

  /** The run in flight in `conversation`, or undefined. */
  active(conversation) {
    const id = this.#active.get(conversation);
    return id === undefined ? undefined : this.#runs.get(id);
  }

  /** Every run remembered, oldest first. */
  all() {
    return [...this.#runs.values()];
  }

  /**
   * Takes one AG-UI frame (with `conversation` and `seq`); returns the run it belongs to, or undefined for events
   * outside a run (state, messages snapshots).
   * @param {object} event
   * @param {number} generation the connection it arrived on, to tell runs seen again after a reconnect
   */
  handle(event, generation) {
    const conversation = event.conversation ?? event.threadId;
    let run;
    if (event.type === 'RUN_STARTED') {
      const previous = this.active(conversation);
      if (previous && previous.id !== event.runId) this.#interrupt(previous, event);
      run = this.#runs.get(event.runId) ?? this.#create(event.runId, conversation);
      this.#active.set(conversation, run.id);
    } else {
      run = (event.runId && this.#runs.get(event.runId)) || this.active(conversation);
    }
    if (!run) return undefined;
    run.generation = generation;
    if (typeof event.seq === 'number') run.seq = event.seq;
    const handler = this.handlers[event.type];
    if (handler) handler(run, event);
    summarize(run);
    this.#emit(run, event);
    return run;
  }

  /**
   * A stored message that a run produced (its `run` field): links the two (the stored text, tool calls and
   * reasoning are the truth), and ends a run that was lost.
   */
  stored(message) {
    const run = message.run && this.#runs.get(message.run);
    if (!run) return;
    const text = run.messages.find((m) => m.id === message.id);
    if (text) {
      text.offset = message.offset;
      text.text = message.content;
      text.done = true;
    } else if (message.content || !Array.isArray(message.toolCalls) || message.toolCalls.length === 0) {
      run.messages.push({ id: message.id, role: message.role, text: message.content, done: true, offset: message.offset });
    }
    for (const stored of Array.isArray(message.toolCalls) ? message.toolCalls : []) {
      const call = toolCall(run, stored.id);
      call.name = stored.function?.name ?? call.name;
      call.args = stored.function?.arguments ?? call.args;
      call.parentMessageId = message.id;
      call.offset = message.offset;
      call.done = true;
    }
    if (typeof message.reasoning === 'string' && message.reasoning) {
      const id = `${message.id}:reasoning`;
      const known = run.reasoningMessages.find((m) => m.id === id)
        ?? (run.reasoningMessages.length === 1 ? run.reasoningMessages[0] : null);
      const reasoning = known ?? reasoningMessage(run, id);
      reasoning.text = message.reasoning;
      reasoning.done = true;
    }
    run.persisted = true;
    if (run.status === 'interrupted') {
      // a stored reply means the run got as far as storing it: it finished while this client was away
      this.#end(run, 'finished', { error: null });
    }
    summarize(run);
    this.#emit(run, { type: 'message', ...message });
  }

  /**
   * A stored tool result (`role: tool` with `toolCallId`): the call it answers, in the run that made it, gets its
   * `result` (the content) and is no longer pending. Returns that run, or undefined.
   */
  toolResult(message) {
    const found = this.toolCall(message.conversation, message.toolCallId);
    if (!found) return undefined;
    const { run, call } = found;
    call.result = message.content;
    call.resultOffset = message.offset;
    call.resultId = message.id;
    call.pending = false;
    this.#emit(run, { type: 'message', ...message });
    return run;
  }

  /** The tool call `toolCallId` of `conversation` and the run that made it (the latest such run), or undefined. */
  toolCall(conversation, toolCallId) {
    const runs = [...this.#runs.values()];
    for (let i = runs.length - 1; i >= 0; i--) {
      if (runs[i].conversation !== conversation) continue;
      const call = runs[i].toolCalls.find((c) => c.id === toolCallId);
      if (call) return { run: runs[i], call };
    }
    return undefined;
  }

  /**
   * After a rejoin of `conversation` on connection `generation` whose join snapshot is complete: a run that was
   * in flight before and was not announced again has ended while the client was away (its stored reply, if
   * any, comes with the recovered messages).
   */
  settle(conversation, generation) {
    const run = this.active(conversation);
    if (!run || run.generation === generation) return;
    if (run.persisted) {
      this.#end(run, 'finished', { error: null }); // its reply was stored: it finished while the client was away
      this.#emit(run, { type: 'RECONNECTED', conversation });
    } else {
      this.#interrupt(run, { type: 'RECONNECTED', conversation });
    }
  }

  #create(id, conversation) {
    const run = {
      id, conversation, status: 'running', steps: [], messages: [], toolCalls: [], text: '',
      reasoningMessages: [], reasoning: '', reasoningActive: false,
      result: undefined, outcome: undefined, pendingToolCallIds: [], usage: null, state: undefined,
      error: null, seq: 0, generation: 0, persisted: false, startedAt: Date.now(), endedAt: null,
    };
    this.#runs.set(id, run);
    while (this.#runs.size > this.#maxRuns) {
      const oldest = this.#runs.keys().next().value;
      if (this.#active.get(this.#runs.get(oldest).conversation) === oldest) break;
      this.#runs.delete(oldest);
    }
    return run;
  }

  #end(run, status, fields) {
    Object.assign(run, fields);
    run.status = status;
    run.steps = [];
    run.endedAt = Date.now();
    if (this.#active.get(run.conversation) === run.id) this.#active.delete(run.conversation);
  }

  #interrupt(run, cause) {
    this.#end(run, 'interrupted', {
      error: { code: 'interrupted', message: 'the run ended while the connection was down' },
    });
    this.#emit(run, cause);
  }
}

function textMessage(run, id, role = 'assistant') {
  let message = run.messages.find((m) => m.id === id);
  if (!message) {
    message = { id, role, text: '', done: false, offset: null };
    run.messages.push(message);
  }
  return message;
}

function lastMessageId(run) {
  return run.messages.at(-1)?.id ?? `${run.id}-text`;
}

function toolCall(run, id) {
  let call = run.toolCalls.find((c) => c.id === id);
  if (!call) {
    call = { id, name: undefined, parentMessageId: null, args: '', done: false, pending: false, result: undefined,
      offset: null, resultOffset: null, resultId: null };
    run.toolCalls.push(call);
  }
  return call;
}

function reasoningMessage(run, id) {
  let message = run.reasoningMessages.find((m) => m.id === id);
  if (!message) {
    message = { id, text: '', done: false };
    run.reasoningMessages.push(message);
  }
  return message;
}

/** The run's text (its assistant text messages) and reasoning (apart from it), each joined. */
function summarize(run) {
  run.text = run.messages.filter((m) => m.role === 'assistant').map((m) => m.text).join('\n\n');
  run.reasoning = run.reasoningMessages.map((m) => m.text).join('\n\n');
}

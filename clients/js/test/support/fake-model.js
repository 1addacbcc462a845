// A tiny OpenAI-compatible model on loopback for tests that need tool calls or reasoning: POST
// /v1/chat/completions answers `text/event-stream` chunks as real servers stream them, from a script of answers
// (one per request, in order). The gateway is started against it with `modelEnv(model)`.
//
//   const model = await FakeModel.start();
//   model.answer(toolCallAnswer([{ id: 'call_1', name: 'weather', args: ['{"city":', '"Paris"}'] }]));
//   model.answer(textAnswer('Sunny.'));
//   server = await ParleyServer.start({ env: modelEnv(model) });
//
// An answer is a list of chunks: objects (sent as `data: <json>`), the string '[DONE]', or a `hold()` marker that
// stops the stream there until the test calls `release()` on it (for members who join mid-run).

import { once } from 'node:events';
import { createServer } from 'node:http';

export class FakeModel {
  /** @type {object[][]} answers not used yet, oldest first */
  #script = [];
  /** @type {object[]} every request body, in order */
  requests = [];
  #waiters = [];
  #sockets = new Set();

  static async start() {
    const model = new FakeModel();
    model.server = createServer((req, res) => model.#handle(req, res));
    model.server.on('connection', (socket) => {
      model.#sockets.add(socket);
      socket.once('close', () => model.#sockets.delete(socket));
    });
    model.server.listen(0, '127.0.0.1');
    await once(model.server, 'listening');
    model.port = model.server.address().port;
    return model;
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Adds answers to the script (each request takes the next one). */
  answer(...answers) {
    this.#script.push(...answers);
    return this;
  }

  /** Resolves once `n` requests came in. */
  requested(n) {
    if (this.requests.length >= n) return Promise.resolve(this.requests);
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  async stop() {
    for (const socket of this.#sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close').catch(() => {});
  }

  async #handle(req, res) {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here"}}');
      return;
    }
    let parsed = null;
    try {
      parsed = JSON.parse(body);
    } catch {
      // kept as null: a test can see it was not JSON
    }
    this.requests.push(parsed);
    for (const waiter of this.#waiters.splice(0)) {
      if (this.requests.length >= waiter.n) waiter.resolve(this.requests);
      else this.#waiters.push(waiter);
    }
    const answer = this.#script.shift() ?? textAnswer('(no answer scripted)');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const chunk of answer) {
      if (chunk instanceof Hold) {
        chunk.reached();
        await chunk.released;
        continue;
      }
      if (res.destroyed) return;
      res.write(chunk === '[DONE]' ? 'data: [DONE]\n\n' : `data: ${JSON.stringify(chunk)}\n\n`);
    }
    res.end();
  }
}

/** The environment that points the gateway at `model`. */
export function modelEnv(model) {
  return {
    PARLEY_LLM_PROVIDER: 'openai',
    PARLEY_LLM_BASE_URL: model.baseUrl,
    PARLEY_LLM_MODEL: 'test-model',
    PARLEY_LLM_API_KEY: 'test-key',
    PARLEY_LLM_RETRY_DELAY: '10ms',
  };
}

class Hold {
  constructor() {
    this.reachedAt = new Promise((resolve) => { this.reached = resolve; });
    this.released = new Promise((resolve) => { this.release = resolve; });
  }
}

/** A point where the stream waits: `await h.reachedAt` (the chunks before it are out), then `h.release()`. */
export function hold() {
  return new Hold();
}

function chunk(delta, finish = null) {
  return { id: 'chatcmpl-test', object: 'chat.completion.chunk', model: 'test-model',
    choices: [{ index: 0, delta, finish_reason: finish }] };
}

/** The role chunk that opens a reply. */
export function roleChunk() {
  return chunk({ role: 'assistant', content: '' });
}

/** A piece of the answer's text. */
export function textChunk(text) {
  return chunk({ content: text });
}

/** A piece of reasoning, as DeepSeek and vLLM stream it (`reasoning_content`). */
export function reasoningChunk(text) {
  return chunk({ reasoning_content: text });
}

/** One fragment of tool call `index`: the first of a call has its id and name, later ones only arguments. */
export function toolCallChunk(index, { id, name, args }) {
  const call = { index, function: {} };
  if (id) {
    call.id = id;
    call.type = 'function';
  }
  if (name) call.function.name = name;
  if (args !== undefined) call.function.arguments = args;
  return chunk({ tool_calls: [call] });
}

export function finishChunk(reason) {
  return chunk({}, reason);
}

export function usageChunk(prompt, completion, reasoning) {
  const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (reasoning !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return { id: 'chatcmpl-test', object: 'chat.completion.chunk', model: 'test-model', choices: [], usage };
}

/** A plain text answer, streamed in `pieces`. */
export function textAnswer(...pieces) {
  return [roleChunk(), ...pieces.map(textChunk), finishChunk('stop'), '[DONE]'];
}

/**
 * An answer that calls tools: `calls` [{id, name, args: [fragments]}], their fragments interleaved round-robin
 * (call 0's first, call 1's first, call 0's second, …), then finish `tool_calls`, optional usage, [DONE].
 * `before` chunks (reasoning, text) go first.
 */
export function toolCallAnswer(calls, { before = [], usage, holdAt } = {}) {
  const chunks = [roleChunk(), ...before];
  calls.forEach((call, index) => chunks.push(toolCallChunk(index, { id: call.id, name: call.name, args: '' })));
  const longest = Math.max(...calls.map((c) => c.args.length));
  for (let i = 0; i < longest; i++) {
    calls.forEach((call, index) => {
      if (i < call.args.length) chunks.push(toolCallChunk(index, { args: call.args[i] }));
    });
    if (holdAt && holdAt.after === i) chunks.push(holdAt.hold);
  }
  chunks.push(finishChunk('tool_calls'));
  if (usage) chunks.push(usageChunk(...usage));
  chunks.push('[DONE]');
  return chunks;
}

// Starts the packaged Parley jar as a process for a test: on a free loopback port, with the environment the
// test asks for, waiting until it logs event=started and /observe/health answers. PARLEY_JAR names the jar
// (default: bootstrap/target/parley.jar of this repository), PARLEY_JAVA the java binary (default:
// $JAVA_HOME/bin/java, else java on the PATH).

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { waitFor } from './wait.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The server key every test server is started with (PARLEY_API_KEY). */
export const SERVER_KEY = 'test-server-key';

export const JAR = resolve(process.env.PARLEY_JAR ?? join(here, '..', '..', '..', '..', 'bootstrap', 'target', 'parley.jar'));
const LOGS = join(here, '..', '..', 'test-artifacts', 'server-logs');
const JAVA = process.env.PARLEY_JAVA ?? (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** A fresh directory for an H2 database file, removed by `cleanup()`. */
export function tempDir(prefix = 'parley-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export class ParleyServer {
  /**
   * @param {{env?: Record<string, string>, port?: number}} [options] env on top of a fast, offline default
   */
  static async start(options = {}) {
    const server = new ParleyServer(options.port ?? (await freePort()), options.env ?? {});
    await server.start();
    return server;
  }

  constructor(port, env) {
    this.port = port;
    this.env = env;
    this.log = [];
    this.process = null;
    mkdirSync(LOGS, { recursive: true });
    /** Every line the server logged, kept for a look after a failure. */
    this.logFile = join(LOGS, `parley-${new Date().toISOString().replace(/[:.]/g, '-')}-${port}.log`);
  }

  get http() {
    return `http://127.0.0.1:${this.port}`;
  }

  get ws() {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  async start() {
    if (!existsSync(JAR)) throw new Error(`no jar at ${JAR}: run ./mvnw -B -DskipTests package first, or set PARLEY_JAR`);
    const env = {
      ...process.env,
      PARLEY_HOST: '127.0.0.1',
      PARLEY_PORT: String(this.port),
      PARLEY_STORE: 'memory',
      PARLEY_LLM_PROVIDER: 'echo',
      PARLEY_LLM_ECHO_DELAY: '0ms',
      PARLEY_DRAIN_TIMEOUT: '2s',
      PARLEY_CLOSE_TIMEOUT: '2s',
      PARLEY_API_KEY: SERVER_KEY,
      ...this.env,
    };
    const child = spawn(JAVA, ['-XX:TieredStopAtLevel=1', '-jar', JAR], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    const started = new Promise((resolve, reject) => {
      const onLine = (line) => {
        this.log.push(line);
        appendFileSync(this.logFile, line + '\n');
        if (this.log.length > 5000) this.log.splice(0, 1000);
        if (/event=started .*port=/.test(line)) resolve();
      };
      for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop();
          lines.forEach(onLine);
        });
      }
      child.once('exit', (code) => reject(new Error(`the server exited with ${code} before it started:\n${this.tail()}`)));
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the server did not start within 90 s:\n${this.tail()}`)), 90_000);
    });
    try {
      await Promise.race([started, late]);
    } finally {
      clearTimeout(timer);
    }
    await waitFor(async () => (await fetch(`${this.http}/observe/health`).catch(() => null))?.status === 200,
      { timeoutMs: 30_000, what: 'the server to be healthy' });
  }

  /** SIGTERM: the server drains (connections get 1001) and stops. */
  async stop() {
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timeout = setTimeout(() => this.process.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timeout);
  }

  /** Stops, then starts again on the same port (the same database when PARLEY_DB_URL names a file). */
  async restart() {
    await this.stop();
    this.log.push('---- restart ----');
    await this.start();
  }

  /** The last lines of the server's log, for a failure message. */
  tail(lines = 60) {
    return this.log.slice(-lines).join('\n');
  }

  async json(path, init) {
    // the server's own endpoints (stats) take the server key; the rest ignore it
    const headers = { authorization: `Bearer ${SERVER_KEY}`, ...(init?.headers ?? {}) };
    const response = await fetch(this.http + path, { ...init, headers });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /**
   * Every stored event of a conversation still shown (messages as they now are, edits, deletes), oldest first,
   * paged over HTTP by each page's `next` (a page of deleted messages only shows nothing, yet has a next).
   */
  async allMessages(conversation, user) {
    const out = [];
    let path = `/api/conversations/${conversation}/messages?after=0&limit=100`;
    while (path) {
      const page = await this.json(`${path}&user=${encodeURIComponent(user)}`);
      out.push(...page.messages);
      path = page.next;
    }
    return out;
  }
}

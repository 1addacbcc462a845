// Runs the real AG-UI HttpAgent against a Parley /agui endpoint, twice in one thread, and prints what it saw.
// The agent validates every event (schema) and the sequence (verifier); a violation rejects runAgent.
import { randomUUID } from "node:crypto";
import { HttpAgent } from "@ag-ui/client";

const [url, threadId] = process.argv.slice(2);
const agent = new HttpAgent({
  url,
  threadId,
  initialMessages: [{ id: randomUUID(), role: "user", content: "hello from HttpAgent" }],
});

async function run() {
  const events = [];
  const result = await agent.runAgent({ runId: randomUUID() }, {
    onEvent: ({ event }) => { events.push(event); },
  });
  return { events, newMessages: result.newMessages };
}

const first = await run();
agent.addMessage({ id: randomUUID(), role: "user", content: "and once more" });
const second = await run();
console.log(JSON.stringify({ first, second, messages: agent.messages }));

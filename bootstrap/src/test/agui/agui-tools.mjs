// Runs the real AG-UI HttpAgent against a Parley /agui endpoint through front-end tools: a first run in which the
// model calls the tool twice (the run ends with both calls pending), then a second run that brings the results as
// tool messages and in which the model reasons, then answers; a third in which the model calls a tool that requires
// approval (the run ends with an interrupt), and a fourth that resumes it. The agent validates every event (schema)
// and the sequence (verifier), and that a pending interrupt is answered; a violation rejects runAgent and this
// script exits non-zero. Prints what it saw.
import { randomUUID } from "node:crypto";
import { HttpAgent } from "@ag-ui/client";

const [url, threadId] = process.argv.slice(2);
const tools = [{
  name: "weather",
  description: "the weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
}, {
  name: "transfer",
  description: "moves money, once a person approves",
  parameters: { type: "object" },
  metadata: { requiresApproval: true },
}];
const agent = new HttpAgent({
  url,
  threadId,
  initialMessages: [{ id: randomUUID(), role: "user", content: "weather in Paris and Rome?" }],
});

async function run(more = {}) {
  const events = [];
  let pending = [];
  const result = await agent.runAgent({ runId: randomUUID(), tools, ...more }, {
    onEvent: ({ event }) => { events.push(event); },
    onRunFinishedEvent: ({ pendingToolCallIds }) => { pending = pendingToolCallIds ?? []; },
  });
  return { events, pending, newMessages: result.newMessages };
}

const first = await run();
const calls = agent.messages.filter((m) => m.role === "assistant").flatMap((m) => m.toolCalls ?? []);
for (const call of calls) {
  const { city } = JSON.parse(call.function.arguments);
  agent.addMessage({ id: randomUUID(), role: "tool", toolCallId: call.id, content: city === "Paris" ? "sunny" : "rain" });
}
const second = await run();
agent.addMessage({ id: randomUUID(), role: "user", content: "send 10 EUR to Bob" });
const third = await run();
const interrupts = agent.pendingInterrupts;
const fourth = await run({
  resume: interrupts.map((i) => ({ interruptId: i.id, status: "resolved", payload: { approvedBy: "the test" } })),
});
console.log(JSON.stringify({ first, second, third, fourth, calls, interrupts, state: agent.state,
  messages: agent.messages }));

// Drives the gateway's OpenAI front door with the official `openai` SDK. Usage: node openai.cjs <scenario> [model]
// Prints one JSON object with what the scenario observed; the C# test asserts on it.
const OpenAI = require("openai");
const client = new OpenAI({ baseURL: process.env.GATEWAY_URL + "/v1", apiKey: process.env.GATEWAY_KEY, maxRetries: 0 });
const [scenario, model = "gemini-3-flash"] = process.argv.slice(2);
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const weather = { type: "function", function: { name: "weather", description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } } };

async function chatStream(params) {
  const stream = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
  const out = { content: "", reasoning: "", calls: [], finish: null, usage: null, chunks: 0, emptyChoiceChunks: 0 };
  for await (const chunk of stream) {
    out.chunks++;
    if (chunk.choices.length === 0) { out.emptyChoiceChunks++; out.usage = chunk.usage; continue; }
    const choice = chunk.choices[0];
    out.content += choice.delta.content ?? "";
    out.reasoning += choice.delta.reasoning_content ?? "";
    for (const call of choice.delta.tool_calls ?? []) {
      const slot = (out.calls[call.index] ??= { id: "", name: "", arguments: "" });
      slot.id += call.id ?? ""; slot.name += call.function?.name ?? ""; slot.arguments += call.function?.arguments ?? "";
    }
    if (choice.finish_reason) out.finish = choice.finish_reason;
  }
  return out;
}

const scenarios = {
  async chat() {
    const r = await client.chat.completions.create({ model, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hi" }], max_tokens: 200 });
    return { object: r.object, content: r.choices[0].message.content, finish: r.choices[0].finish_reason, usage: r.usage, model: r.model };
  },
  async stream() { return chatStream({ model, reasoning_effort: "low", messages: [{ role: "user", content: "Say hi" }] }); },
  async tools() {
    const messages = [{ role: "user", content: 'Weather in two cities. [[tool:weather {"city":"Paris"}]] [[tool:weather {"city":"Rome"}]]' }];
    const first = await chatStream({ model, messages, tools: [weather], tool_choice: "auto" });
    messages.push({ role: "assistant", content: first.content || null,
      tool_calls: first.calls.map(c => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) });
    for (const call of first.calls) messages.push({ role: "tool", tool_call_id: call.id, content: "sunny in " + JSON.parse(call.arguments).city });
    const second = await client.chat.completions.create({ model, messages, tools: [weather] });
    return { first, second: { content: second.choices[0].message.content, finish: second.choices[0].finish_reason } };
  },
  async image() {
    const r = await client.chat.completions.create({ model, messages: [{ role: "user", content: [
      { type: "text", text: "What is in these images?" },
      { type: "image_url", image_url: { url: "data:image/png;base64," + PNG } },
      { type: "image_url", image_url: { url: PNG } }] }] });
    return { content: r.choices[0].message.content };
  },
  async models() {
    const list = await client.models.list();
    return { ids: list.data.map(m => m.id), objects: [...new Set(list.data.map(m => m.object))] };
  },
  async errors() {
    const out = {};
    for (const [name, call] of Object.entries({
      unknownModel: () => client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }),
      badRole: () => client.chat.completions.create({ model, messages: [{ role: "robot", content: "hi" }] }),
      badKey: () => new OpenAI({ baseURL: process.env.GATEWAY_URL + "/v1", apiKey: "wrong", maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] }),
    })) {
      try { await call(); out[name] = { status: 0 }; } catch (e) { out[name] = { status: e.status, type: e.type ?? e.error?.type, code: e.code ?? null, param: e.param ?? null, message: e.message }; }
    }
    return out;
  },
  async responses() {
    const tools = [{ type: "function", name: "weather", description: "Weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];
    const events = [];
    const stream = await client.responses.create({ model, stream: true, instructions: "You are terse.", tools, reasoning: { effort: "low" },
      input: [{ role: "user", content: [{ type: "input_text", text: '[[tool:weather {"city":"Oslo"}]]' }] }] });
    let first;
    for await (const e of stream) { events.push(e.type); if (e.type === "response.completed") first = e.response; }
    const call = first.output.find(o => o.type === "function_call");
    const second = await client.responses.create({ model, previous_response_id: first.id, tools,
      input: [{ type: "function_call_output", call_id: call.call_id, output: "snow, -3C" }] });
    const third = await client.responses.create({ model, previous_response_id: second.id, input: "Thanks! And now? [[tool:weather {\"city\":\"Bergen\"}]]", tools });
    const thirdCall = third.output.find(o => o.type === "function_call");
    const fourth = await client.responses.create({ model, previous_response_id: third.id, tools,
      input: [{ type: "function_call_output", call_id: thirdCall.call_id, output: "rain" }] });
    const fetched = await client.responses.retrieve(fourth.id);
    return { events, firstStatus: first.status, call: { name: call.name, arguments: call.arguments }, secondText: second.output_text,
      thirdCall: thirdCall.arguments, fourthText: fourth.output_text, fetchedId: fetched.id, usage: fourth.usage };
  },
  async responsesErrors() {
    const out = {};
    for (const [name, call] of Object.entries({
      unknownPrevious: () => client.responses.create({ model, previous_response_id: "resp_nope", input: "hi" }),
      orphanOutput: () => client.responses.create({ model, input: [{ type: "function_call_output", call_id: "call_x", output: "x" }] }),
    })) {
      try { await call(); out[name] = { status: 0 }; } catch (e) { out[name] = { status: e.status, type: e.type ?? e.error?.type, param: e.param ?? null, message: e.message }; }
    }
    return out;
  },
};

scenarios[scenario]().then(r => console.log(JSON.stringify(r)), e => { console.error(e); process.exit(1); });

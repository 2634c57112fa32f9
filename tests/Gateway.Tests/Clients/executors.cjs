// Drives browser executors through the gateway with the official `@google/genai`, `openai` and Anthropic SDKs (issue 16).
// Usage: node executors.cjs <mix|load|doors|streams>; GW_URLS (the replicas, comma-separated), GW_KEY, MODEL; for load
// also WORKERS and PER_WORKER and OPS (the operations it cycles through, comma-separated); for streams STREAMS, OPS,
// WORDS and READY_FILE. Prints one JSON object: every request with the replica it was sent to and what the client saw.
const fs = require("fs");
const { GoogleGenAI } = require("@google/genai");
const OpenAI = require("openai");
const AnthropicSdk = require("@anthropic-ai/sdk");
const Anthropic = AnthropicSdk.default ?? AnthropicSdk.Anthropic ?? AnthropicSdk;
const urls = process.env.GW_URLS.split(","), key = process.env.GW_KEY, model = process.env.MODEL;
const genai = urls.map(url => new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: url } }));
const openai = urls.map(url => new OpenAI({ baseURL: url + "/v1", apiKey: key, maxRetries: 0 }));
const anthropic = urls.map(url => new Anthropic({ baseURL: url, apiKey: key, maxRetries: 0 }));

// Each returns what the client received; `progress.started` turns true at the first chunk (or the whole unary answer).
const operations = {
  async generate(i, prompt) {
    const r = await genai[i].models.generateContent({ model, contents: prompt });
    return { text: r.text };
  },
  async stream(i, prompt, progress) {
    let text = "";
    for await (const chunk of await genai[i].models.generateContentStream({ model, contents: prompt })) {
      progress.started = true;
      text += chunk.text ?? "";
    }
    return { text };
  },
  async countTokens(i, prompt) {
    const r = await genai[i].models.countTokens({ model, contents: prompt });
    return { totalTokens: r.totalTokens };
  },
  async chat(i, prompt) {
    const r = await openai[i].chat.completions.create({ model, messages: [{ role: "user", content: prompt }] });
    return { text: r.choices[0].message.content };
  },
  async chatStream(i, prompt, progress) {
    let text = "";
    for await (const chunk of await openai[i].chat.completions.create({ model, messages: [{ role: "user", content: prompt }], stream: true })) {
      progress.started = true;
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    return { text };
  },
};

// The other front doors, for the scenario `doors` (each returns what the client saw, with the usage it was told).
const doors = {
  async messages(i, prompt) {
    const r = await anthropic[i].messages.create({ model, max_tokens: 1024, messages: [{ role: "user", content: prompt }] });
    return { text: r.content.filter(b => b.type === "text").map(b => b.text).join(""), stop: r.stop_reason, usage: r.usage, id: r.id, type: r.type, role: r.role };
  },
  async messagesStream(i, prompt, progress) {
    const stream = anthropic[i].messages.stream({ model, max_tokens: 1024, messages: [{ role: "user", content: prompt }] });
    let text = "", events = 0;
    stream.on("streamEvent", () => { events++; progress.started = true; });
    stream.on("text", t => { text += t; });
    const final = await stream.finalMessage();
    return { text, events, stop: final.stop_reason, usage: final.usage, finalText: final.content.filter(b => b.type === "text").map(b => b.text).join("") };
  },
  async messagesCountTokens(i, prompt) {
    const r = await anthropic[i].messages.countTokens({ model, system: "Count carefully.", messages: [{ role: "user", content: prompt }] });
    return { inputTokens: r.input_tokens };
  },
  async responses(i, prompt) {
    const r = await openai[i].responses.create({ model, input: prompt, instructions: "Be brief." });
    return { text: r.output_text, status: r.status, usage: r.usage, object: r.object };
  },
  async responsesStream(i, prompt, progress) {
    const stream = await openai[i].responses.create({ model, input: prompt, stream: true });
    let text = "", completed = null;
    for await (const event of stream) {
      progress.started = true;
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") completed = event.response;
    }
    return { text, status: completed?.status, usage: completed?.usage, finalText: completed?.output_text ?? completed?.output?.flatMap(o => o.content ?? []).map(c => c.text ?? "").join("") };
  },
  async chatStreamUsage(i, prompt, progress) {
    let text = "", usage = null;
    for await (const chunk of await openai[i].chat.completions.create({ model, messages: [{ role: "user", content: prompt }], stream: true, stream_options: { include_usage: true } })) {
      progress.started = true;
      text += chunk.choices[0]?.delta?.content ?? "";
      usage = chunk.usage ?? usage;
    }
    return { text, usage };
  },
};

async function run(op, replica, prompt) {
  const progress = { started: false };
  try {
    return { op, replica, ok: true, ...(await (operations[op] ?? doors[op])(replica, prompt, progress)) };
  } catch (e) {
    return { op, replica, ok: false, started: progress.started, status: e.status ?? 0, message: String(e.message).slice(0, 300) };
  }
}

const scenarios = {
  // Every operation on every replica, three rounds of concurrent requests.
  async mix() {
    const results = [];
    for (let round = 0; round < 3; round++) {
      results.push(...await Promise.all(urls.flatMap((_, replica) => Object.keys(operations).map(op => run(op, replica, "Say hi")))));
    }
    return results;
  },
  // WORKERS clients sending PER_WORKER generations of OPS back to back, alternating replicas.
  async load() {
    const ops = process.env.OPS.split(",");
    const workers = Array.from({ length: Number(process.env.WORKERS) }, async (_, w) => {
      const results = [];
      for (let n = 0; n < Number(process.env.PER_WORKER); n++) {
        results.push(await run(ops[(w + n) % ops.length], (w + n) % urls.length, "[[words:60]]"));
      }
      return results;
    });
    return (await Promise.all(workers)).flat();
  },
  // Every other front door's SDK on every replica, one after the other.
  async doors() {
    const results = [];
    for (let replica = 0; replica < urls.length; replica++) {
      for (const op of Object.keys(doors)) results.push(await run(op, replica, "Say hi"));
    }
    return results;
  },
  // STREAMS concurrent streams of WORDS words (cycling through OPS, alternating replicas), each recording its chunks as
  // they come. The test holds the streams at the Gemini API (the simulator's stream hold): once every stream has its
  // first chunk, READY_FILE is written with how many had ended by then, and the test releases the hold.
  async streams() {
    const ops = process.env.OPS.split(","), words = Number(process.env.WORDS), count = Number(process.env.STREAMS);
    const firsts = [];
    const streams = Array.from({ length: count }, (_, n) => {
      let resolveFirst;
      firsts.push(new Promise(resolve => { resolveFirst = resolve; }));
      return { op: ops[n % ops.length], replica: n % urls.length, chunks: [], ended: false, first: resolveFirst };
    });
    // A chunk counts as come when it carries text (an answer's or a thought's); the answer is the text without thoughts.
    const texts = {
      stream: chunk => chunk.candidates?.[0]?.content?.parts?.filter(p => !p.thought).map(p => p.text ?? "").join("") ?? "",
      chatStream: chunk => chunk.choices[0]?.delta?.content ?? "",
    };
    const thoughts = {
      stream: chunk => chunk.candidates?.[0]?.content?.parts?.filter(p => p.thought).map(p => p.text ?? "").join("") ?? "",
      chatStream: chunk => chunk.choices[0]?.delta?.reasoning_content ?? chunk.choices[0]?.delta?.reasoning ?? "",
    };
    const iterate = {
      stream: s => genai[s.replica].models.generateContentStream({ model, contents: `[[words:${words}]]` }),
      chatStream: s => openai[s.replica].chat.completions.create({ model, messages: [{ role: "user", content: `[[words:${words}]]` }], stream: true }),
    };
    const running = streams.map(async s => {
      const start = Date.now();
      try {
        for await (const chunk of await iterate[s.op](s)) {
          const text = texts[s.op](chunk);
          if (text.length > 0 || thoughts[s.op](chunk).length > 0) {
            s.chunks.push(text);
            if (s.chunks.length === 1) s.first();
          }
        }
        return { op: s.op, replica: s.replica, ok: true, chunks: s.chunks.filter(c => c.length > 0).length, text: s.chunks.join(""), ms: Date.now() - start };
      } catch (e) {
        return { op: s.op, replica: s.replica, ok: false, started: s.chunks.length > 0, status: e.status ?? 0, message: String(e.message).slice(0, 300) };
      } finally {
        s.ended = true;
        s.first();
      }
    });
    // Bounded: a stream buffered whole would never show its first chunk while held; the test then sees started < STREAMS.
    let timer;
    await Promise.race([Promise.all(firsts), new Promise(resolve => { timer = setTimeout(resolve, 90_000); })]);
    clearTimeout(timer);
    const ready = { started: streams.filter(s => s.chunks.length > 0).length, endedBeforeRelease: streams.filter(s => s.ended).length };
    fs.writeFileSync(process.env.READY_FILE, JSON.stringify(ready));
    return [{ ready }, ...await Promise.all(running)];
  },
};

scenarios[process.argv[2]]().then(r => console.log(JSON.stringify(r)), e => { console.error(e); process.exit(1); });

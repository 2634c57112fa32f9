// Drives browser executors through the gateway with the official `@google/genai` and `openai` SDKs (issue 16).
// Usage: node executors.cjs <mix|load>; GW_URLS (the replicas, comma-separated), GW_KEY, MODEL; for load also WORKERS and
// PER_WORKER and OPS (the operations it cycles through, comma-separated). Prints one JSON object: every request with the replica it was sent to and what the client saw.
const { GoogleGenAI } = require("@google/genai");
const OpenAI = require("openai");
const urls = process.env.GW_URLS.split(","), key = process.env.GW_KEY, model = process.env.MODEL;
const genai = urls.map(url => new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: url } }));
const openai = urls.map(url => new OpenAI({ baseURL: url + "/v1", apiKey: key, maxRetries: 0 }));

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

async function run(op, replica, prompt) {
  const progress = { started: false };
  try {
    return { op, replica, ok: true, ...(await operations[op](replica, prompt, progress)) };
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
};

scenarios[process.argv[2]]().then(r => console.log(JSON.stringify(r)), e => { console.error(e); process.exit(1); });

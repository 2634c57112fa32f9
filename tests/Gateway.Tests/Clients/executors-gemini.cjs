// The Gemini API through browser executors with the official `@google/genai` SDK (issue 16): embeddings (single,
// batch, and the REST :embedContent), countTokens, files and cachedContents with a generation using each, run once
// through the gateway (alternating replicas) and once against the Gemini API the tabs call (the simulator) directly.
// Every HTTP answer's JSON is recorded (a wrapper around fetch, which the SDK calls), so the test can compare shapes.
// Usage: node executors-gemini.cjs; GW_URLS, GW_KEY, MODEL, EMBED_MODEL, SIM_URL, SIM_KEY. Prints one JSON object:
// {gateway: {step: {result, raw: [{method, path, status, json}]}}, direct: {…}}.
const { GoogleGenAI, createPartFromUri } = require("@google/genai");
const urls = process.env.GW_URLS.split(","), model = process.env.MODEL, embedModel = process.env.EMBED_MODEL;
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

let recording = null;
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  if (recording !== null && !(response.headers.get("content-type") ?? "").includes("event-stream")) {
    const url = new URL(typeof input === "string" ? input : input.url);
    const text = await response.clone().text();
    let json = null;
    try { json = text.length > 0 ? JSON.parse(text) : null; } catch { json = { unparsed: text.slice(0, 200) }; }
    recording.push({ method: init?.method ?? "GET", path: url.pathname, status: response.status, json });
  }
  return response;
};

/** The SDK's object as plain JSON (without its sdkHttpResponse). */
const plain = v => JSON.parse(JSON.stringify(v ?? null, (k, x) => (k === "sdkHttpResponse" ? undefined : x)));

async function run(clients, baseUrls, key) {
  const steps = {};
  let turn = 0;
  // Each step runs on the next client (replica) in turn and records the HTTP answers it received.
  const step = async (name, fn) => {
    const i = turn++ % clients.length;
    recording = [];
    try {
      steps[name] = { result: plain(await fn(clients[i], baseUrls[i])) };
    } catch (e) {
      steps[name] = { result: { error: true, status: e.status ?? 0, message: String(e.message).slice(0, 400) } };
    }
    steps[name].raw = recording;
    recording = null;
  };
  const text = r => r.candidates?.[0]?.content?.parts?.filter(p => !p.thought).map(p => p.text ?? "").join("");

  await step("embedSingle", ai => ai.models.embedContent({ model: embedModel, contents: "hello world" }));
  await step("embedBatch", ai => ai.models.embedContent({ model: embedModel, contents: ["a", "bb", "ccc"], config: { outputDimensionality: 3 } }));
  await step("embedRest", async (_, base) => {
    const response = await fetch(`${base}/v1beta/models/${embedModel}:embedContent`, {
      method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": key },
      body: JSON.stringify({ content: { parts: [{ text: "hello world" }] }, taskType: "RETRIEVAL_QUERY" }),
    });
    return { status: response.status };
  });
  await step("countTokens", ai => ai.models.countTokens({ model, contents: "How many tokens is this sentence?" }));

  let file = null;
  await step("fileUpload", async ai => (file = await ai.files.upload({
    file: new Blob([Buffer.from(PNG, "base64")], { type: "image/png" }), config: { mimeType: "image/png", displayName: "pixel" } })));
  await step("fileGet", ai => ai.files.get({ name: file.name }));
  await step("fileList", async ai => {
    const names = [];
    for await (const f of await ai.files.list({ config: { pageSize: 2 } })) names.push(f.name);
    return { listed: names.includes(file.name) };
  });
  await step("generateWithFile", async ai => {
    const r = await ai.models.generateContent({ model, contents: [{ role: "user", parts: [{ text: "What is in this file?" }, createPartFromUri(file.uri, file.mimeType)] }] });
    return { text: text(r), usage: r.usageMetadata };
  });
  await step("fileDelete", ai => ai.files.delete({ name: file.name }));
  await step("fileGetAfterDelete", ai => ai.files.get({ name: file.name }));

  let cache = null;
  await step("cacheCreate", async ai => (cache = await ai.caches.create({ model, config: {
    systemInstruction: "You are a cached assistant.", displayName: "doc", ttl: "300s",
    contents: [{ role: "user", parts: [{ text: "Here is a picture." }, { inlineData: { mimeType: "image/png", data: PNG } }] }] } })));
  await step("cacheGet", ai => ai.caches.get({ name: cache.name }));
  await step("cacheList", async ai => {
    const names = [];
    for await (const c of await ai.caches.list({ config: { pageSize: 2 } })) names.push(c.name);
    return { listed: names.includes(cache.name) };
  });
  await step("cacheUpdate", ai => ai.caches.update({ name: cache.name, config: { ttl: "600s" } }));
  await step("generateWithCache", async ai => {
    const r = await ai.models.generateContent({ model, contents: "What did I show you?", config: { cachedContent: cache.name } });
    return { text: text(r), usage: r.usageMetadata };
  });
  await step("cacheDelete", ai => ai.caches.delete({ name: cache.name }));
  await step("cacheGetAfterDelete", ai => ai.caches.get({ name: cache.name }));
  return steps;
}

(async () => {
  const gateway = await run(urls.map(url => new GoogleGenAI({ apiKey: process.env.GW_KEY, httpOptions: { baseUrl: url } })), urls, process.env.GW_KEY);
  const direct = await run([new GoogleGenAI({ apiKey: process.env.SIM_KEY, httpOptions: { baseUrl: process.env.SIM_URL } })], [process.env.SIM_URL], process.env.SIM_KEY);
  console.log(JSON.stringify({ gateway, direct }));
})().catch(e => { console.error(e); process.exit(1); });

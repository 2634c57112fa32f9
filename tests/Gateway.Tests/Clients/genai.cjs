// Drives the gateway's Gemini front door with the official `@google/genai` SDK. Usage: node genai.cjs <scenario> [model]
const { GoogleGenAI, createPartFromUri, Type } = require("@google/genai");
const fs = require("fs"), os = require("os"), path = require("path");
const ai = new GoogleGenAI({ apiKey: process.env.GATEWAY_KEY, httpOptions: { baseUrl: process.env.GATEWAY_URL } });
const [scenario, model = "gemini-3-flash"] = process.argv.slice(2);
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const weather = { name: "weather", description: "Weather for a city",
  parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ["city"] } };

const scenarios = {
  async generate() {
    const r = await ai.models.generateContent({ model, contents: "Say hi", config: { systemInstruction: "Be brief.", maxOutputTokens: 500 } });
    return { text: r.text, finish: r.candidates[0].finishReason, usage: r.usageMetadata };
  },
  async stream() {
    const stream = await ai.models.generateContentStream({ model, contents: "Say hi", config: { thinkingConfig: { includeThoughts: true } } });
    let text = "", thoughts = "", chunks = 0, usage = null;
    for await (const chunk of stream) {
      chunks++;
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) { if (part.thought) thoughts += part.text ?? ""; else text += part.text ?? ""; }
      usage = chunk.usageMetadata ?? usage;
    }
    return { text, thoughts, chunks, usage };
  },
  // A stream the upstream does not finish (the test queues the fault): the SDK must throw, not end quietly.
  async brokenStream() {
    let text = "", chunks = 0, finish = null;
    try {
      const stream = await ai.models.generateContentStream({ model, contents: "[[words:40]]" });
      for await (const chunk of stream) {
        chunks++;
        for (const part of chunk.candidates?.[0]?.content?.parts ?? []) text += part.text ?? "";
        finish = chunk.candidates?.[0]?.finishReason ?? finish;
      }
      return { chunks, text, finish, status: 0 };
    } catch (e) {
      return { chunks, text, finish, status: e.status ?? -1, name: e.name, message: e.message };
    }
  },
  async tools() {
    const contents = [{ role: "user", parts: [{ text: '[[tool:weather {"city":"Lima"}]]' }] }];
    const first = await ai.models.generateContent({ model, contents, config: { tools: [{ functionDeclarations: [weather] }] } });
    const calls = first.functionCalls;
    contents.push(first.candidates[0].content);
    contents.push({ role: "user", parts: calls.map(c => ({ functionResponse: { id: c.id, name: c.name, response: { forecast: "warm" } } })) });
    const second = await ai.models.generateContent({ model, contents, config: { tools: [{ functionDeclarations: [weather] }] } });
    return { calls: calls.map(c => ({ name: c.name, args: c.args })), text: second.text };
  },
  async image() {
    const r = await ai.models.generateContent({ model, contents: [{ role: "user", parts: [{ text: "Describe" }, { inlineData: { mimeType: "image/png", data: PNG } }] }] });
    return { text: r.text };
  },
  async countTokens() {
    const r = await ai.models.countTokens({ model, contents: "How many tokens is this sentence?" });
    return { totalTokens: r.totalTokens };
  },
  async models() {
    const names = [];
    for await (const m of await ai.models.list()) names.push(m.name);
    const one = await ai.models.get({ model });
    return { names, one: { name: one.name, outputTokenLimit: one.outputTokenLimit } };
  },
  async files() {
    const file = path.join(os.tmpdir(), `genai-${process.pid}.png`);
    fs.writeFileSync(file, Buffer.from(PNG, "base64"));
    const uploaded = await ai.files.upload({ file, config: { mimeType: "image/png", displayName: "pixel" } });
    const got = await ai.files.get({ name: uploaded.name });
    const listed = [];
    for await (const f of await ai.files.list()) listed.push(f.name);
    const r = await ai.models.generateContent({ model, contents: [{ role: "user", parts: [{ text: "What is in this file?" }, createPartFromUri(uploaded.uri, uploaded.mimeType)] }] });
    await ai.files.delete({ name: uploaded.name });
    let afterDelete = 0;
    try { await ai.files.get({ name: uploaded.name }); } catch (e) { afterDelete = e.status; }
    return { name: uploaded.name, size: got.sizeBytes, state: got.state, listed: listed.includes(uploaded.name), text: r.text, afterDelete };
  },
  async caches() {
    const cache = await ai.caches.create({ model, config: { systemInstruction: "You are a cached assistant.",
      contents: [{ role: "user", parts: [{ text: "Here is a picture." }, { inlineData: { mimeType: "image/png", data: PNG } }] }], ttl: "300s", displayName: "doc" } });
    const got = await ai.caches.get({ name: cache.name });
    const updated = await ai.caches.update({ name: cache.name, config: { ttl: "600s" } });
    const names = [];
    for await (const c of await ai.caches.list()) names.push(c.name);
    const r = await ai.models.generateContent({ model, contents: "What did I show you?", config: { cachedContent: cache.name } });
    await ai.caches.delete({ name: cache.name });
    let afterDelete = 0;
    try { await ai.caches.get({ name: cache.name }); } catch (e) { afterDelete = e.status; }
    return { name: cache.name, displayName: got.displayName, expireMoved: updated.expireTime > got.expireTime, listed: names.includes(cache.name), text: r.text, afterDelete };
  },
  async errors() {
    const out = {};
    for (const [name, call] of Object.entries({
      unknownModel: () => ai.models.generateContent({ model: "no-such-model", contents: "hi" }),
      embed: () => ai.models.embedContent({ model, contents: "hi" }),
      badKey: () => new GoogleGenAI({ apiKey: "wrong", httpOptions: { baseUrl: process.env.GATEWAY_URL } }).models.generateContent({ model, contents: "hi" }),
      missingFile: () => ai.models.generateContent({ model, contents: [{ role: "user", parts: [{ text: "x" }, { fileData: { fileUri: "files/deadbeef", mimeType: "image/png" } }] }] }),
    })) {
      try { await call(); out[name] = { status: 0 }; } catch (e) { out[name] = { status: e.status, message: e.message }; }
    }
    return out;
  },
};

scenarios[scenario]().then(r => console.log(JSON.stringify(r)), e => { console.error(e); process.exit(1); });

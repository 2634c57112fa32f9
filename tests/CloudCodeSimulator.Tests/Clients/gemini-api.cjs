// The public Gemini API surface driven by the official @google/genai SDK (Node). Usage: SIM_URL=http://… node gemini-api.cjs
const { GoogleGenAI } = require("@google/genai");
const ai = new GoogleGenAI({ apiKey: "demo-gemini-key", httpOptions: { baseUrl: process.env.SIM_URL } });
(async () => {
const out = {};
const r = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "Say hi" });
out.text = r.text; out.usage = r.usageMetadata;
let chunks = 0; for await (const c of await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "[[words:20]]" })) chunks++;
out.chunks = chunks;
out.count = await ai.models.countTokens({ model: "gemini-2.5-flash", contents: "How many tokens" });
const e = await ai.models.embedContent({ model: "gemini-embedding-001", contents: "hello", config: { outputDimensionality: 4 } });
out.embed = e.embeddings;
const models = []; for await (const m of await ai.models.list()) models.push(m.name); out.models = models.length;
out.get = (await ai.models.get({ model: "gemini-2.5-flash" })).name;
const f = await ai.files.upload({ file: new Blob([new Uint8Array([1,2,3])], { type: "image/png" }), config: { mimeType: "image/png", displayName: "px" } });
out.file = f; const fl = []; for await (const x of await ai.files.list()) fl.push(x.name); out.files = fl;
out.fileget = (await ai.files.get({ name: f.name })).sizeBytes;
await ai.files.delete({ name: f.name });
try { await ai.files.get({ name: f.name }); } catch (err) { out.fileAfter = err.status; }
const c = await ai.caches.create({ model: "gemini-2.5-flash", config: { contents: [{ role: "user", parts: [{ text: "cached words here" }] }], ttl: "300s", displayName: "d" } });
out.cache = c.name; out.upd = (await ai.caches.update({ name: c.name, config: { ttl: "600s" } })).expireTime;
const g = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "what", config: { cachedContent: c.name } }); out.cachedUsage = g.usageMetadata;
const cl = []; for await (const x of await ai.caches.list()) cl.push(x.name); out.caches = cl;
await ai.caches.delete({ name: c.name });
try { await new GoogleGenAI({ apiKey: "wrong", httpOptions: { baseUrl: process.env.SIM_URL } }).models.generateContent({ model: "gemini-2.5-flash", contents: "x" }); } catch (err) { out.bad = [err.status, err.message]; }
try { await ai.models.generateContent({ model: "nope", contents: "x" }); } catch (err) { out.nomodel = [err.status, err.message]; }
delete out.count.sdkHttpResponse;
console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });

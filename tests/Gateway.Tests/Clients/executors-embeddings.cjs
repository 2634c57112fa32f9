// The OpenAI door's embeddings through a browser executor (issue 16): the official `openai` SDK's
// `embeddings.create` (a string and an array; the SDK asks for base64 by default and decodes it, and once with
// encoding_format "float" and dimensions), beside the `@google/genai` SDK's embedContent for the same texts through the
// same tab, so the test can compare the vectors. Every request body the OpenAI SDK sends is recorded.
// Usage: node executors-embeddings.cjs; GW_URLS, GW_KEY, EMBED_MODEL. Prints one JSON object.
const { GoogleGenAI } = require("@google/genai");
const OpenAI = require("openai");
const urls = process.env.GW_URLS.split(","), key = process.env.GW_KEY, model = process.env.EMBED_MODEL;

const sent = [];
const realFetch = globalThis.fetch;
const recordingFetch = async (input, init) => {
  if (typeof init?.body === "string") sent.push(JSON.parse(init.body));
  return realFetch(input, init);
};
const openai = urls.map(url => new OpenAI({ baseURL: url + "/v1", apiKey: key, maxRetries: 0, fetch: recordingFetch }));
const genai = urls.map(url => new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: url } }));
const vectors = r => r.data.map(d => ({ index: d.index, embedding: Array.from(d.embedding) }));

(async () => {
  const texts = ["hello world", "a", "bb"];
  const genaiAnswer = await genai[0].models.embedContent({ model, contents: texts });
  const genaiDims = await genai[1].models.embedContent({ model, contents: texts[0], config: { outputDimensionality: 8 } });
  const single = await openai[1].embeddings.create({ model, input: texts[0] });
  const array = await openai[0].embeddings.create({ model, input: texts });
  const floats = await openai[1].embeddings.create({ model, input: [texts[0]], encoding_format: "float", dimensions: 8 });
  console.log(JSON.stringify({
    genai: genaiAnswer.embeddings.map(e => e.values),
    genaiDims: genaiDims.embeddings[0].values,
    single: { object: single.object, model: single.model, usage: single.usage, data: vectors(single) },
    array: { object: array.object, model: array.model, usage: array.usage, data: vectors(array) },
    floats: { data: vectors(floats) },
    sent,
  }));
})().catch(e => { console.error(e); process.exit(1); });

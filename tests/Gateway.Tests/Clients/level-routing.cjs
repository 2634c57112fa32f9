// Sends one model name through the three official SDKs with one key (LevelRoutingSdkTests): the Anthropic SDK
// (messages.create and messages.stream), the OpenAI SDK (chat.completions.create and responses.create) and the GenAI SDK
// (generateContent). GW_URLS lists the gateway replicas; the calls take them in turn. Prints one JSON object: per call,
// the replica it went to, the text answered and the model the answer reports.
const anthropicSdk = require("@anthropic-ai/sdk");
const Anthropic = anthropicSdk.default ?? anthropicSdk.Anthropic ?? anthropicSdk;
const OpenAI = require("openai");
const { GoogleGenAI } = require("@google/genai");

const urls = process.env.GW_URLS.split(",").map(u => u.replace(/\/$/, ""));
const key = process.env.GW_KEY, model = process.env.GW_MODEL;
const text = m => m.content.filter(b => b.type === "text").map(b => b.text).join("");

const calls = {
  async anthropicCreate(url) {
    const m = await new Anthropic({ baseURL: url, apiKey: key, maxRetries: 0 })
      .messages.create({ model, max_tokens: 256, messages: [{ role: "user", content: "Say hi" }] });
    return { text: text(m), model: m.model };
  },
  async anthropicStream(url) {
    const stream = new Anthropic({ baseURL: url, apiKey: key, maxRetries: 0 })
      .messages.stream({ model, max_tokens: 256, messages: [{ role: "user", content: "Say hi" }] });
    let streamed = "";
    stream.on("text", t => { streamed += t; });
    const m = await stream.finalMessage();
    return { text: streamed, model: m.model };
  },
  async openaiChat(url) {
    const r = await new OpenAI({ baseURL: url + "/v1", apiKey: key, maxRetries: 0 })
      .chat.completions.create({ model, max_tokens: 256, messages: [{ role: "user", content: "Say hi" }] });
    return { text: r.choices[0].message.content, model: r.model };
  },
  async openaiResponses(url) {
    const r = await new OpenAI({ baseURL: url + "/v1", apiKey: key, maxRetries: 0 })
      .responses.create({ model, input: "Say hi" });
    return { text: r.output_text, model: r.model };
  },
  async genaiGenerate(url) {
    const r = await new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: url } })
      .models.generateContent({ model, contents: "Say hi", config: { maxOutputTokens: 256 } });
    return { text: r.text, model: r.modelVersion ?? null };
  },
};

(async () => {
  const out = {};
  let i = 0;
  for (const [name, call] of Object.entries(calls)) {
    const replica = i++ % urls.length;
    out[name] = { replica, ...(await call(urls[replica])) };
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });

// Drives the gateway with the official Anthropic SDK (run by ClientTests with NODE_PATH pointing at the npm clients).
const sdk = require('@anthropic-ai/sdk');
const Anthropic = sdk.default ?? sdk.Anthropic ?? sdk;
const client = new Anthropic({ baseURL: process.env.GW_URL, apiKey: process.env.GW_KEY, maxRetries: 0 });

(async () => {
  const out = {};
  const msg = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'hello' }] });
  out.nonStream = msg.content.find(b => b.type === 'text').text;

  const stream = client.messages.stream({
    model: 'claude-opus-4-6-thinking', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 },
    messages: [{ role: 'user', content: 'stream please' }],
  });
  let text = '';
  stream.on('text', t => { text += t; });
  const final = await stream.finalMessage();
  out.stream = { text, types: final.content.map(b => b.type), stop: final.stop_reason };

  const tools = [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const ask = { role: 'user', content: '[[tool:get_weather {"city":"Paris"}]]' };
  const first = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 256, tools, messages: [ask] });
  const use = first.content.find(b => b.type === 'tool_use');
  const second = await client.messages.create({
    model: 'claude-sonnet-4-6', max_tokens: 256, tools,
    messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny, 21C' }] }],
  });
  out.tool = { name: use.name, input: use.input, stop: first.stop_reason, answer: second.content.find(b => b.type === 'text').text };

  const count = await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'count me please' }] });
  out.count = count.input_tokens;

  out.models = [];
  for await (const m of client.models.list()) out.models.push(m.id);

  try {
    await client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
  } catch (e) {
    out.error = { status: e.status, type: e.error?.error?.type };
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });

// A tool loop asked for in words, with the official Anthropic SDK: node anthropic-tools.cjs <model> <stream|unary>.
// Prints one JSON line: per turn the content types, tool calls, text, thinking signatures and the usage the SDK saw.
const sdk = require('@anthropic-ai/sdk');
const Anthropic = sdk.default ?? sdk.Anthropic ?? sdk;
const client = new Anthropic({ baseURL: process.env.GW_URL, apiKey: process.env.GW_KEY, maxRetries: 0 });
const [model, mode] = process.argv.slice(2);

const tools = [
  { name: 'search_files', description: 'Search the workspace for files whose name matches a glob pattern',
    input_schema: { type: 'object', properties: { pattern: { type: 'string', description: 'Glob pattern' }, max_results: { type: 'integer' } }, required: ['pattern'] } },
  { name: 'mcp__files.read-file', description: 'Read the contents of a file',
    input_schema: { type: 'object', properties: { path: { type: 'string' }, encoding: { type: 'string', enum: ['utf8', 'base64'] } }, required: ['path', 'encoding'] } },
];
const results = { search_files: 'Found: ./package.json', 'mcp__files.read-file': '{"name":"demo","version":"4.5.6"}' };

(async () => {
  const messages = [{ role: 'user', content: 'Find the package.json file in this project. Use search_files first, then open it with mcp__files.read-file and tell me its version.' }];
  const turns = [];
  for (let i = 0; i < 5; i++) {
    const request = { model, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, tools, messages };
    let message, start = null, delta = null;
    if (mode === 'stream') {
      const stream = client.messages.stream(request);
      // Copies: the SDK updates the message_start usage object in place when message_delta arrives.
      stream.on('streamEvent', e => {
        if (e.type === 'message_start') start = structuredClone(e.message.usage);
        if (e.type === 'message_delta') delta = structuredClone(e.usage);
      });
      message = await stream.finalMessage();
    } else {
      message = await client.messages.create(request);
    }
    const uses = message.content.filter(b => b.type === 'tool_use');
    turns.push({
      stop: message.stop_reason,
      types: message.content.map(b => b.type),
      calls: uses.map(u => ({ name: u.name, input: u.input })),
      text: message.content.filter(b => b.type === 'text').map(b => b.text).join(''),
      signatures: message.content.filter(b => b.type === 'thinking').map(b => b.signature),
      start, delta, usage: message.usage,
    });
    messages.push({ role: 'assistant', content: message.content });
    if (uses.length === 0) break;
    messages.push({ role: 'user', content: uses.map(u => ({ type: 'tool_result', tool_use_id: u.id, content: results[u.name] ?? 'unknown tool' })) });
  }
  console.log(JSON.stringify({ turns }));
})().catch(e => { console.error(e); process.exit(1); });

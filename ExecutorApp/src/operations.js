// The operations of docs/executors.md, run with @google/genai. A task's `request` is the Gemini API's REST body: the
// SDK is given what it needs (model, contents, names, paging) and the whole body again as httpOptions.extraBody, which
// it deep-merges into what it sends, so no field it does not model is lost on the way.
import * as rest from "./rest.js";

export const OPERATIONS = [
  "generateContent", "streamGenerateContent", "countTokens", "embedContent", "models.list", "models.get",
  "files.upload", "files.list", "files.get", "files.delete",
  "caches.create", "caches.list", "caches.get", "caches.update", "caches.delete",
];

/**
 * Runs one task to its end and sends its frames: chunk… then result, or one error.
 * @param {import("@google/genai").GoogleGenAI} ai
 */
export async function runTask(ai, task, signal, send) {
  const request = task.request ?? {};
  const options = { abortSignal: signal, httpOptions: Object.keys(request).length > 0 ? { extraBody: request } : undefined };
  const paging = { pageSize: task.config?.pageSize, pageToken: task.config?.pageToken, abortSignal: signal };
  const model = task.model ?? request.model;
  const name = task.name;
  switch (task.operation) {
    case "generateContent":
      return rest.generateContentResponse(await ai.models.generateContent({ model, contents: request.contents ?? [], config: options }));
    case "streamGenerateContent": {
      const stream = await ai.models.generateContentStream({ model, contents: request.contents ?? [], config: options });
      for await (const chunk of stream) {
        send({ type: "chunk", id: task.id, data: rest.generateContentResponse(chunk) });
      }
      return undefined;
    }
    case "countTokens": {
      // The API takes contents or a whole generateContentRequest, never both (400 otherwise). The SDK models only
      // contents, so a generateContentRequest (what the gateway sends) travels in extraBody alone, without contents.
      const contents = request.generateContentRequest === undefined ? request.contents ?? [] : undefined;
      return rest.plain(await ai.models.countTokens({ model, contents, config: options }));
    }
    case "embedContent": {
      // The SDK sends batchEmbedContents ({requests: [...]}): the REST embedContent body is that one request.
      const { content, ...config } = request;
      return rest.embedContentResponse(await ai.models.embedContent({ model, contents: [content], config: { ...config, abortSignal: signal } }));
    }
    case "models.list":
      return rest.page(await ai.models.list({ config: paging }), "models", rest.model);
    case "models.get":
      return rest.model(await ai.models.get({ model: name ?? model, config: { abortSignal: signal } }));
    case "files.upload": {
      const file = task.file ?? {};
      const bytes = Uint8Array.from(atob(file.data ?? ""), c => c.charCodeAt(0));
      const blob = new Blob([bytes], { type: file.mimeType ?? "application/octet-stream" });
      const uploaded = await ai.files.upload({
        file: blob,
        config: { mimeType: file.mimeType ?? "application/octet-stream", displayName: file.displayName, abortSignal: signal },
      });
      return { file: rest.plain(uploaded) };
    }
    case "files.list":
      return rest.page(await ai.files.list({ config: paging }), "files");
    case "files.get":
      return rest.plain(await ai.files.get({ name, config: { abortSignal: signal } }));
    case "files.delete":
      return rest.plain(await ai.files.delete({ name, config: { abortSignal: signal } }));
    case "caches.create":
      return rest.plain(await ai.caches.create({ model, config: options }));
    case "caches.list":
      return rest.page(await ai.caches.list({ config: paging }), "cachedContents");
    case "caches.get":
      return rest.plain(await ai.caches.get({ name, config: { abortSignal: signal } }));
    case "caches.update":
      return rest.plain(await ai.caches.update({ name, config: { ...options, ttl: request.ttl, expireTime: request.expireTime } }));
    case "caches.delete":
      return rest.plain(await ai.caches.delete({ name, config: { abortSignal: signal } }));
    default:
      throw Object.assign(new Error(JSON.stringify({ error: { code: 400, message: `Unknown operation '${task.operation}'.`, status: "INVALID_ARGUMENT" } })), { status: 400 });
  }
}

// The SDK's objects back into the Gemini API's REST JSON: what the gateway's Gemini translators read. The SDK adds
// sdkHttpResponse and renames a few fields on the way in (mldev converters); both are undone here.

/** A plain JSON copy without SDK-only fields. */
export function plain(value) {
  return JSON.parse(JSON.stringify(value ?? {}, (key, v) => (key === "sdkHttpResponse" ? undefined : v)));
}

/** GenerateContentResponse: candidates[].citationMetadata.citations is citationSources on the wire. */
export function generateContentResponse(response) {
  const json = plain(response);
  for (const candidate of json.candidates ?? []) {
    const citation = candidate.citationMetadata;
    if (citation?.citations !== undefined) {
      citation.citationSources = citation.citations;
      delete citation.citations;
    }
  }
  return json;
}

/** Model: supportedActions is supportedGenerationMethods on the wire. */
export function model(value) {
  const json = plain(value);
  if (json.supportedActions !== undefined) {
    json.supportedGenerationMethods = json.supportedActions;
    delete json.supportedActions;
  }
  return json;
}

/** A pager's first page as the list method's REST answer ({models|files|cachedContents, nextPageToken}). */
export function page(pager, field, map = plain) {
  const json = { [field]: pager.page.map(map) };
  const next = pager.params?.config?.pageToken;
  if (next) {
    json.nextPageToken = next;
  }
  return json;
}

/** embedContent answers {embedding}; the SDK calls batchEmbedContents and returns {embeddings: [...]}. */
export function embedContentResponse(response) {
  const json = plain(response);
  const [embedding] = json.embeddings ?? [];
  return embedding === undefined ? {} : { embedding };
}

/** The task's error frame from whatever the SDK threw: its HTTP status and Google error object when it had one. */
export function errorFrame(id, error) {
  if (typeof error?.status === "number" && error.status >= 400) {
    let body;
    try {
      body = JSON.parse(error.message);
    } catch {
      body = undefined;
    }
    const googleError = body?.error && typeof body.error === "object"
      ? body.error
      : { code: error.status, message: String(error.message ?? ""), status: statusName(error.status) };
    return { type: "error", id, status: error.status, error: googleError };
  }
  // No HTTP answer at all (network failure, a bug in the task): 500 with what is known.
  return {
    type: "error",
    id,
    status: 500,
    error: { code: 500, message: `The executor could not complete the task: ${error?.message ?? error}`, status: "INTERNAL" },
  };
}

function statusName(status) {
  return {
    400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED", 499: "CANCELLED", 500: "INTERNAL", 501: "NOT_IMPLEMENTED", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
  }[status] ?? "UNKNOWN";
}

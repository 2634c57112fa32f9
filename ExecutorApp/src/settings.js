// The executor's settings: kept in localStorage, overridable by the page's query string (?gateway=…&token=…), which is
// how the tests and a bookmarked link set them. Secrets (token, API key) are stored but never logged.
const STORAGE_KEY = "antigravity-executor-settings";

/** Every setting with its query-string name. */
export const FIELDS = ["gateway", "token", "name", "models", "maxConcurrency", "apiBaseUrl", "apiKey"];

export function defaults(location) {
  const served = location.protocol === "http:" || location.protocol === "https:";
  return {
    // Served by a gateway replica (/executor/): connect back to where the page came from.
    gateway: served ? `${location.protocol}//${location.host}` : "",
    token: "",
    name: "browser executor",
    models: "*",
    maxConcurrency: "8",
    apiBaseUrl: "",
    apiKey: "",
  };
}

export function loadSettings(location, storage) {
  const settings = defaults(location);
  try {
    Object.assign(settings, pick(JSON.parse(storage.getItem(STORAGE_KEY) ?? "{}")));
  } catch {
    // A corrupt entry is ignored: the defaults stand.
  }
  const query = new URLSearchParams(location.search);
  for (const field of FIELDS) {
    if (query.has(field)) {
      settings[field] = query.get(field);
    }
  }
  return settings;
}

export function saveSettings(storage, settings) {
  storage.setItem(STORAGE_KEY, JSON.stringify(pick(settings)));
}

/** ws(s)://host/v1/executors/connect from a gateway base URL given as http(s)://, ws(s):// or a bare host. */
export function connectUrl(gateway) {
  let url = gateway.trim();
  if (!/^[a-z]+:\/\//i.test(url)) {
    url = `http://${url}`;
  }
  const parsed = new URL(url);
  parsed.protocol = parsed.protocol === "https:" || parsed.protocol === "wss:" ? "wss:" : "ws:";
  if (!parsed.pathname.endsWith("/v1/executors/connect")) {
    parsed.pathname = `${parsed.pathname.replace(/\/+$/, "")}/v1/executors/connect`;
  }
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString();
}

export function modelList(models) {
  const list = models.split(/[\s,]+/).filter(m => m.length > 0);
  return list.length > 0 ? list : ["*"];
}

function pick(source) {
  const out = {};
  for (const field of FIELDS) {
    if (typeof source?.[field] === "string") {
      out[field] = source[field];
    }
  }
  return out;
}

// The executor page: settings, connection state, tasks served and a log (docs/executors.md, "Running the executor app").
import { GoogleGenAI } from "@google/genai";
import { ExecutorConnection } from "./connection.js";
import { OPERATIONS, runTask } from "./operations.js";
import { errorFrame } from "./rest.js";
import { connectUrl, FIELDS, loadSettings, modelList, saveSettings } from "./settings.js";

const $ = id => document.getElementById(id);
const MAX_LOG_LINES = 300;

const counters = { served: 0, failed: 0, cancelled: 0 };
const running = new Map();
let connection = null;

function log(line) {
  const entry = document.createElement("div");
  entry.textContent = `${new Date().toISOString().slice(11, 23)} ${line}`;
  const box = $("log");
  box.prepend(entry);
  while (box.childElementCount > MAX_LOG_LINES) {
    box.lastElementChild.remove();
  }
}

function render() {
  $("served").textContent = String(counters.served);
  $("failed").textContent = String(counters.failed);
  $("cancelled").textContent = String(counters.cancelled);
  $("inflight").textContent = String(running.size);
}

function setState(state, detail) {
  $("state").textContent = state;
  $("state").dataset.state = state;
  $("state-detail").textContent = detail ?? "";
  $("connect").textContent = state === "stopped" || state === "refused" ? "Connect" : "Disconnect";
}

/** Inside AI Studio the environment supplies the key (process.env.API_KEY or GEMINI_API_KEY, replaced by its build). */
function environmentKey() {
  try {
    // eslint-disable-next-line no-undef
    return process.env.GEMINI_API_KEY || process.env.API_KEY || undefined;
  } catch {
    return undefined;
  }
}

function createClient(settings) {
  const apiKey = settings.apiKey || environmentKey() || "ai-studio-environment";
  const httpOptions = settings.apiBaseUrl ? { baseUrl: settings.apiBaseUrl.replace(/\/+$/, "") } : undefined;
  return new GoogleGenAI({ apiKey, httpOptions });
}

function startTask(ai, task, send) {
  const controller = new AbortController();
  running.set(task.id, controller);
  render();
  const label = `${task.operation}${task.model ? ` ${task.model}` : ""}${task.name ? ` ${task.name}` : ""}`;
  log(`task ${task.id}: ${label}`);
  runTask(ai, task, controller.signal, send)
    .then(data => {
      if (!controller.signal.aborted) {
        send(data === undefined ? { type: "result", id: task.id } : { type: "result", id: task.id, data });
        counters.served++;
        log(`task ${task.id}: done`);
      }
    })
    .catch(error => {
      if (controller.signal.aborted) {
        return;
      }
      const frame = errorFrame(task.id, error);
      send(frame);
      counters.failed++;
      log(`task ${task.id}: failed with ${frame.status} ${frame.error?.status ?? ""}`);
    })
    .finally(() => {
      running.delete(task.id);
      render();
    });
}

function cancelTask(id, why) {
  const controller = running.get(id);
  if (controller) {
    controller.abort();
    running.delete(id);
    counters.cancelled++;
    log(`task ${id}: ${why}`);
    render();
  }
}

function connect(settings) {
  connection?.stop();
  if (!settings.gateway || !settings.token) {
    setState("stopped", "set the gateway URL and the executor token");
    return;
  }
  const ai = createClient(settings);
  connection = new ExecutorConnection({
    url: connectUrl(settings.gateway),
    hello: () => ({
      token: settings.token,
      name: settings.name || "browser executor",
      models: modelList(settings.models),
      operations: OPERATIONS,
      maxConcurrency: Math.max(1, Number.parseInt(settings.maxConcurrency, 10) || 8),
    }),
    onTask: (task, send) => startTask(ai, task, send),
    onCancel: id => cancelTask(id, "cancelled by the gateway"),
    // The gateway fails these over or ends them itself: running them on would spend quota for nothing.
    onDisconnected: () => [...running.keys()].forEach(id => cancelTask(id, "aborted: the connection closed")),
    onState: setState,
    log,
  });
  connection.start();
}

function readForm() {
  const settings = {};
  for (const field of FIELDS) {
    settings[field] = $(field).value.trim();
  }
  return settings;
}

function init() {
  const settings = loadSettings(window.location, window.localStorage);
  for (const field of FIELDS) {
    $(field).value = settings[field];
  }
  $("mode").textContent = settings.apiBaseUrl
    ? `Gemini API at ${settings.apiBaseUrl}${settings.apiKey ? " with an API key" : ""}`
    : "Gemini API with the page's own credentials (AI Studio) or the API key below";
  $("settings").addEventListener("submit", event => {
    event.preventDefault();
    const next = readForm();
    saveSettings(window.localStorage, next);
    log("settings saved");
    connect(next);
  });
  $("connect").addEventListener("click", () => {
    if (connection && !connection.stopped) {
      connection.stop();
    } else {
      connect(readForm());
    }
  });
  render();
  saveSettings(window.localStorage, settings);
  connect(settings);
}

init();

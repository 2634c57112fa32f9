// One WebSocket to one gateway replica, speaking docs/executors.md (protocol version 1): hello first, pong at once,
// tasks and cancels handed to the caller, reconnection with exponential backoff and jitter except after 4401/4403.
export const PROTOCOL_VERSION = 1;

/** Close codes after which reconnecting cannot help: the token is unknown (4401) or revoked (4403). */
const REFUSED = new Map([[4401, "token unknown or not accepted"], [4403, "token revoked"]]);

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

/** Exponential backoff (1 s doubling to 30 s) with "equal jitter": half the delay fixed, half random. */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(attempt, 15));
  return ceiling / 2 + random() * (ceiling / 2);
}

export class ExecutorConnection {
  /**
   * @param {object} options
   * @param {string} options.url ws(s)://…/v1/executors/connect
   * @param {() => object} options.hello the hello frame's fields (token, name, models, operations, maxConcurrency)
   * @param {(task: object, send: (frame: object) => void) => void} options.onTask
   * @param {(id: string) => void} options.onCancel
   * @param {() => void} options.onDisconnected every in-flight task is lost with the socket
   * @param {(state: string, detail?: string) => void} options.onState
   * @param {(line: string) => void} options.log
   */
  constructor(options) {
    this.options = options;
    this.socket = null;
    this.attempt = 0;
    this.timer = null;
    this.watchdog = null;
    this.stopped = true;
    this.executorId = null;
  }

  start() {
    this.stopped = false;
    this.attempt = 0;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "executor stopped");
    this.options.onDisconnected();
    this.options.onState("stopped");
  }

  open() {
    const { url, log, onState } = this.options;
    onState("connecting", url);
    log(`connecting to ${url}`);
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      log(`cannot open ${url}: ${error.message}`);
      this.retry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.send({ type: "hello", version: PROTOCOL_VERSION, ...this.options.hello() });
    socket.onmessage = event => this.receive(event.data);
    socket.onclose = event => this.closed(socket, event);
    socket.onerror = () => log("socket error");
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      this.options.log("ignored a frame that is not JSON");
      return;
    }
    this.feedWatchdog();
    switch (frame.type) {
      case "welcome":
        this.attempt = 0;
        this.executorId = frame.executorId ?? null;
        this.pingIntervalMs = Number(frame.pingIntervalMs) || 0;
        this.feedWatchdog();
        this.options.onState("connected", this.executorId);
        this.options.log(`connected as ${this.executorId} (ping every ${this.pingIntervalMs} ms)`);
        break;
      case "ping":
        this.send({ type: "pong", id: frame.id });
        break;
      case "task":
        this.options.onTask(frame, reply => this.send(reply));
        break;
      case "cancel":
        this.options.onCancel(frame.id);
        break;
      default:
        this.options.log(`ignored a frame of type ${frame.type}`);
    }
  }

  send(frame) {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  /** A gateway that stops pinging (a half-open connection) is left after three missed intervals. */
  feedWatchdog() {
    clearTimeout(this.watchdog);
    if (this.pingIntervalMs > 0) {
      const socket = this.socket;
      this.watchdog = setTimeout(() => {
        this.options.log("no ping from the gateway for three intervals: reconnecting");
        socket?.close(4000, "no ping");
      }, Math.max(3 * this.pingIntervalMs, 10000));
    }
  }

  closed(socket, event) {
    if (socket !== this.socket) {
      return;
    }
    clearTimeout(this.watchdog);
    this.socket = null;
    this.executorId = null;
    this.options.onDisconnected();
    const reason = event.reason ? ` (${event.reason})` : "";
    this.options.log(`disconnected: close code ${event.code}${reason}`);
    if (this.stopped) {
      return;
    }
    if (REFUSED.has(event.code)) {
      this.stopped = true;
      this.options.onState("refused", `${event.code}: ${REFUSED.get(event.code)}`);
      this.options.log(`not reconnecting: ${REFUSED.get(event.code)}`);
      return;
    }
    this.retry();
  }

  retry() {
    const delay = backoffDelay(this.attempt++);
    this.options.onState("waiting", `${Math.round(delay)} ms`);
    this.options.log(`reconnecting in ${(delay / 1000).toFixed(1)} s`);
    this.timer = setTimeout(() => {
      if (!this.stopped) {
        this.open();
      }
    }, delay);
  }
}

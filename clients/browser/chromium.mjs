// Debian's Chromium (never a downloaded browser), headless, with a fresh profile, and a guard that
// lets a page reach only loopback: every other request is aborted and counted.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function isLoopback(url) {
  const { protocol, hostname } = new URL(url);
  return protocol === "data:" || protocol === "blob:" || LOOPBACK.has(hostname);
}

/**
 * A browser page behind the loopback guard. `traffic` records every request and WebSocket the
 * page (and its workers) made, what the guard blocked, the workers it started and what it logged
 * as an error.
 */
export async function openPage() {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const profile = mkdtempSync(join(tmpdir(), "switchboard-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  const traffic = { requests: [], blocked: [], sockets: [], workers: [], errors: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    traffic.blocked.push(url);
    return route.abort("blockedbyclient");
  });
  await context.routeWebSocket(
    (url) => !isLoopback(url.href),
    (socket) => {
      traffic.blocked.push(socket.url());
      return socket.close();
    },
  );
  context.on("request", (request) => traffic.requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("worker", (worker) => traffic.workers.push(worker.url()));
  page.on("pageerror", (error) => traffic.errors.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") traffic.errors.push(`console: ${message.text()}`);
  });
  page.on("websocket", (socket) => {
    const record = { url: socket.url(), sent: [], received: [] };
    traffic.sockets.push(record);
    socket.on("framesent", (frame) => record.sent.push(JSON.parse(frame.payload)));
    socket.on("framereceived", (frame) => record.received.push(JSON.parse(frame.payload)));
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, traffic, close };
}

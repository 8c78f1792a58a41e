import { fileURLToPath } from "node:url";

// clients/ is the npm workspace root (one lockfile, one node_modules for the app and @switchboard/client).
const workspace = fileURLToPath(new URL("..", import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  reactStrictMode: true,
  turbopack: { root: workspace },
  outputFileTracingRoot: workspace,
  // No telemetry, no font or image downloads: the app builds and runs without the network.
  images: { unoptimized: true },
};

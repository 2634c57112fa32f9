// Builds dist/: the page (index.html, executor.css), executor.js (the app with @google/genai bundled: what the gateway
// serves at /executor/) and executor-aistudio.js (the same app with @google/genai left as an import, for an AI Studio
// app whose import map provides the SDK). Deterministic: same sources and lock file, same bytes.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";

const common = {
  entryPoints: ["src/main.js"],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2022"],
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
};
await mkdir("dist", { recursive: true });
await build({ ...common, outfile: "dist/executor.js" });
await build({ ...common, outfile: "dist/executor-aistudio.js", external: ["@google/genai"], minify: false, legalComments: "none" });
await copyFile("src/index.html", "dist/index.html");
await copyFile("src/executor.css", "dist/executor.css");

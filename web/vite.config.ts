/// <reference types="vitest/config" />
// The agent app's build: Preact's JSX compiled by Vite's own Oxc transformer (no Babel preset), one page at
// /app/, and the PWA files (manifest, icons, service worker) written by build/pwa.ts.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { pwa } from "./build/pwa.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("./app"),
  base: "/app/",
  publicDir: false,
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  build: {
    outDir: here("./dist"),
    emptyOutDir: true,
    target: "es2020",
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  plugins: [
    pwa({
      worker: here("./src/sw.ts"),
      name: "城乡居保村协理员",
      shortName: "村协理员",
      themeColor: "#0b6e4f",
      backgroundColor: "#f4f6f5",
    }),
  ],
  server: { fs: { allow: [here(".")] } },
  test: {
    root: here("."),
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});

/** The build's PWA files: the web app manifest, the icons, and the service worker (src/sw.ts) with the list of
 * files to precache written in from Vite's own output, and a version that changes whenever any file does. */

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type Plugin, transformWithOxc } from "vite";
import { icon } from "./png.ts";

export interface PwaOptions {
  /** The service worker's TypeScript source. */
  worker: string;
  name: string;
  shortName: string;
  themeColor: string;
  backgroundColor: string;
}

export const ICON_SIZES = [192, 512] as const;

export function manifest(options: PwaOptions): string {
  return JSON.stringify(
    {
      name: options.name,
      short_name: options.shortName,
      lang: "zh-CN",
      start_url: "/app/",
      scope: "/app/",
      display: "standalone",
      orientation: "portrait",
      theme_color: options.themeColor,
      background_color: options.backgroundColor,
      icons: ICON_SIZES.map((size) => ({
        src: `icon-${size}.png`,
        sizes: `${size}x${size}`,
        type: "image/png",
        purpose: "any maskable",
      })),
    },
    null,
    2,
  );
}

export function pwa(options: PwaOptions): Plugin {
  return {
    name: "pension-pwa",
    apply: "build",
    async generateBundle(_output, bundle) {
      const emitted = new Map<string, string | Uint8Array>();
      emitted.set("manifest.webmanifest", manifest(options));
      for (const size of ICON_SIZES) emitted.set(`icon-${size}.png`, icon(size));
      for (const [fileName, source] of emitted) this.emitFile({ type: "asset", fileName, source });

      // Everything the build wrote, and what was just emitted: the shell works offline from the first visit on.
      const files = new Map<string, string | Uint8Array>(emitted);
      for (const [fileName, output] of Object.entries(bundle)) {
        if (fileName.endsWith(".map")) continue;
        files.set(fileName, output.type === "chunk" ? output.code : output.source);
      }
      const names = [...files.keys()].filter((f) => f !== "sw.js").sort();
      const digest = createHash("sha256");
      for (const name of names) digest.update(name).update("\0").update(files.get(name) ?? "");

      const source = await readFile(options.worker, "utf8");
      const compiled = await transformWithOxc(source, options.worker, { lang: "ts", target: "es2020" });
      const precache = ["./", ...names.filter((n) => n !== "index.html")];
      const code = compiled.code
        .replace(/^export\s*\{\s*\};?\s*$/m, "")
        .replace(/\b__PRECACHE__\b/, JSON.stringify(precache))
        .replace(/\b__VERSION__\b/, JSON.stringify(digest.digest("hex").slice(0, 16)));
      this.emitFile({ type: "asset", fileName: "sw.js", source: code });
    },
  };
}

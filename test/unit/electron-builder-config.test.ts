import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { IMAGE_EXTENSIONS } from "../../main/electron/image-files.ts";

const root = new URL("../../", import.meta.url);
const config = parse(readFileSync(new URL("electron-builder.yml", root), "utf8")) as Record<string, unknown>;

test("electron-builder.yml is valid against electron-builder's own schema", () => {
  // app-builder-lib ships the JSON schema electron-builder validates its configuration with.
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve("app-builder-lib/scheme.json"), "utf8")) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  assert.equal(validate(config), true, ajv.errorsText(validate.errors));
  // The schema is not vacuous: a misspelt key is caught.
  assert.equal(validate({ ...config, productNmae: "Realmode" }), false);
});

test("identity, targets and file associations are the ones the app needs", () => {
  assert.equal(config.appId, "org.realmode.app");
  assert.equal(config.productName, "Realmode");
  const targets = (platform: string): unknown => (config[platform] as { target: unknown }).target;
  assert.deepEqual(targets("linux"), ["AppImage", "deb"]);
  assert.equal(targets("mac"), "dmg");
  assert.equal(targets("win"), "nsis");
  const associations = config.fileAssociations as { ext: string | string[] }[];
  const extensions = associations.flatMap((association) => association.ext);
  assert.deepEqual([...extensions].sort(), [...IMAGE_EXTENSIONS].sort());
});

test("the icons and every packaged entry point are where the configuration says", () => {
  assert.ok(existsSync(new URL(config.icon as string, root)));
  const linuxIcons = (config.linux as { icon: string }).icon;
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    assert.ok(existsSync(new URL(`${linuxIcons}/${size}x${size}.png`, root)), `${size}x${size}.png`);
  }
  const files = config.files as string[];
  for (const entry of ["dist/electron-main.mjs", "dist/electron-preload.cjs", "dist/vm-worker.mjs"]) {
    assert.ok(files.includes(entry), entry);
  }
  assert.equal((config.extraMetadata as { main: string }).main, "dist/electron-main.mjs");
});

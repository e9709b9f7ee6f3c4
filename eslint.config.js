// ESLint flat config. The emulator and BIOS are pure TypeScript that must run in worker threads, web workers
// and tests alike, so they may import nothing from Node, Electron, React or the DOM.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const hostModules = ["node:*", "fs", "path", "os", "child_process", "worker_threads", "electron", "react", "react-dom"];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "out/**", "test/fixtures/**/*.bin"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["main/**", "test/**", "bench/**", "*.js"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["emulator/**", "bios/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: hostModules, message: "emulator/ and bios/ are pure: no Node, Electron, React or DOM imports." },
          ],
        },
      ],
      "no-restricted-globals": ["error", "window", "document", "process", "require", "Buffer", "navigator"],
    },
  },
  {
    // The BIOS build script runs on the host (it writes files and runs nasm); the ROM code it builds stays pure.
    files: ["bios/build.ts"],
    rules: { "no-restricted-imports": "off", "no-restricted-globals": "off" },
  },
);

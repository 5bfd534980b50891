// The site's browser scripts: plain ES5-style scripts loaded by every page, no bundler.
// `make setup` installs ESLint and these two with npm into .cache/npm.
import { createRequire } from "node:module";

const require = createRequire(new URL("./.cache/npm/", import.meta.url));
const js = require("@eslint/js");
const globals = require("globals");

export default [
  { ignores: ["generator/static/vendor/**"] },
  js.configs.recommended,
  {
    files: ["generator/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.worker, module: "writable", YT: "readonly" },
    },
    rules: {
      "no-var": "off",
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
    },
  },
  {
    // A worker has a global scope of its own.
    files: ["generator/static/search-worker.js"],
    rules: { "no-implicit-globals": "off" },
  },
  {
    files: ["tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
  },
];

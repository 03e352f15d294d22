// What can be tested here without VS Code itself: the extension loads, and
// on activation starts `huashu server` (with the baseline when one is set)
// for YAML files, and registers its restart command. The `vscode` module
// and the language client are stand-ins that record what they are given.
"use strict";

const assert = require("assert");
const Module = require("module");

const started = [];
const commands = {};
let settings = {};
const stubs = {
  vscode: {
    workspace: { getConfiguration: () => ({ get: (key) => settings[key] }) },
    window: { showErrorMessage: (m) => assert.fail(m) },
    commands: { registerCommand: (name, fn) => { commands[name] = fn; return { dispose() {} }; } },
  },
  "vscode-languageclient/node": {
    LanguageClient: class {
      constructor(id, name, server, client) {
        started.push({ id, server, client });
      }
      start() { return Promise.resolve(); }
      stop() { return Promise.resolve(); }
    },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request in stubs ? stubs[request] : load.call(this, request, ...rest);
};

const extension = require("../extension.js");
(async () => {
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.strictEqual(started.length, 1);
  assert.strictEqual(started[0].server.command, "huashu");
  assert.deepStrictEqual(started[0].server.args, ["server"]);
  assert.deepStrictEqual(started[0].client.documentSelector, [{ scheme: "file", language: "yaml" }]);
  assert.ok(commands["huashu.restart"]);
  settings = { path: "/opt/huashu/bin/huashu", baseline: "huashu-baseline.json" };
  await commands["huashu.restart"]();
  assert.strictEqual(started[1].server.command, "/opt/huashu/bin/huashu");
  assert.deepStrictEqual(started[1].server.args, ["server", "--baseline", "huashu-baseline.json"]);
  await extension.deactivate();
  const manifest = require("../package.json");
  assert.ok(manifest.contributes.configuration.properties["huashu.path"]);
  console.log("vscode extension smoke test: ok");
})().catch((e) => { console.error(e); process.exit(1); });

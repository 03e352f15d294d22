// The huashu extension: starts `huashu server` (a language server over
// stdio) for the YAML files of a workspace and leaves everything else —
// diagnostics, fixes, suppressions, hover, completion, rename — to it.
// Plain JavaScript, so that building needs npm and nothing else.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function start(context) {
  const config = vscode.workspace.getConfiguration("huashu");
  const baseline = config.get("baseline");
  const serverOptions = {
    command: config.get("path") || "huashu",
    args: baseline ? ["server", "--baseline", baseline] : ["server"],
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "yaml" },
    ],
    // huashu asks for its own file watchers (huashu.yaml, the standard,
    // snippets, the baseline) through dynamic registration.
  };
  client = new LanguageClient("huashu", "huashu", serverOptions, clientOptions);
  return client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `huashu server could not start (${error}). Install huashu (pip install huashu, or cargo install) or set huashu.path.`
    );
  });
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("huashu.restart", async () => {
      if (client) {
        await client.stop();
      }
      await start(context);
    })
  );
  return start(context);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

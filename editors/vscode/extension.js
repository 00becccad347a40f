// The whole extension: start `svcctl lsp` for YAML and JSON files and pass it the `svcctl.*`
// settings (at start and whenever they change).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function settings() {
  return { svcctl: vscode.workspace.getConfiguration("svcctl") };
}

exports.activate = function (context) {
  const command = vscode.workspace.getConfiguration("svcctl").get("path") || "svcctl";
  client = new LanguageClient(
    "svcctl",
    "svcctl",
    { command, args: ["lsp"] },
    {
      documentSelector: [
        { scheme: "file", language: "yaml" },
        { scheme: "file", language: "json" },
      ],
      initializationOptions: settings(),
      synchronize: { configurationSection: "svcctl" },
    }
  );
  context.subscriptions.push(client);
  return client.start();
};

exports.deactivate = function () {
  return client && client.stop();
};

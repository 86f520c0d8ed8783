// Starts `xiufu lsp` for .xf files: diagnostics, hover, definition,
// completion and formatting all come from the server.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('xiufu');
  const command = config.get('path', 'xiufu');
  const lang = config.get('lang', 'zh');
  const server = { command, args: ['lsp', '--lang', lang] };
  client = new LanguageClient('xiufu', 'xiufu', { run: server, debug: server }, {
    documentSelector: [{ scheme: 'file', language: 'xiufu' }],
    initializationOptions: { lang },
  });
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

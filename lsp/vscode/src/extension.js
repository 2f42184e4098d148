// The Pulse extension: starts `pulse lsp` and connects VS Code's language client to it. The
// grammar and language configuration are declarative (package.json); everything semantic comes
// from the server, the same checker as `pulse check`.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { serverCommand } = require('./server-command');

let client;

async function activate(context) {
  const settings = vscode.workspace.getConfiguration('pulse');
  const { command, args } = serverCommand(settings.get('server.path', 'pulse'), settings.get('server.extraArgs', []));

  const serverOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'pulse' }, { scheme: 'untitled', language: 'pulse' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.pulse') },
  };

  client = new LanguageClient('pulse', 'Pulse Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('pulse.restartServer', async () => {
      if (client) await client.restart();
    }),
  );
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `Pulse: could not start the language server with "${command} ${args.join(' ')}". ` +
      `Set "pulse.server.path" to the pulse executable. (${error && error.message ? error.message : error})`);
  }
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };

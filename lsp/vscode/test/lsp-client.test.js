// A client that is not ours: vscode-languageserver-protocol (the library VS Code's own client is
// built on) starts the server process named by PULSE_LSP_COMMAND (e.g. "pulse lsp" or
// "dotnet /path/Pulse.Lsp.Host.dll lsp"), opens an example with a typo, and checks diagnostics,
// completion and an orderly shutdown.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const cp = require('node:child_process');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-jsonrpc/node');
const lsp = require('vscode-languageserver-protocol');

const command = (process.env.PULSE_LSP_COMMAND || '').trim().split(/\s+/).filter(Boolean);
const pipelines = path.join(__dirname, '..', '..', '..', 'pipelines');

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms); }),
  ]);
}

test('a standard LSP client gets diagnostics and completion from the Pulse server', { timeout: 60000 }, async () => {
  assert.ok(command.length > 0, 'set PULSE_LSP_COMMAND to the command that starts the server');
  const server = cp.spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
  const published = [];
  let notify;
  connection.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => { published.push(params); if (notify) notify(); });
  connection.listen();

  const init = await withTimeout(connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(pipelines).href,
    capabilities: {},
    workspaceFolders: null,
  }), 30000, 'initialize');
  assert.strictEqual(init.capabilities.textDocumentSync.change, lsp.TextDocumentSyncKind.Incremental);
  assert.ok(init.capabilities.completionProvider, 'completion is advertised');
  await connection.sendNotification(lsp.InitializedNotification.type, {});

  const file = path.join(pipelines, 'world-hunger.pulse');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8').replace('  from gapminder as g', '  form gapminder as g');
  await connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'pulse', version: 1, text },
  });

  const diagnostics = await withTimeout(new Promise((resolve) => {
    const check = () => {
      const match = published.find((p) => p.uri === uri && p.diagnostics.length > 0);
      if (match) resolve(match.diagnostics);
    };
    notify = check;
    check();
  }), 30000, 'publishDiagnostics');
  const typo = diagnostics.find((d) => d.code === 'PULSE0104');
  assert.ok(typo, JSON.stringify(diagnostics));
  const line = text.split('\n').findIndex((l) => l.startsWith('  form gapminder as g'));
  assert.deepStrictEqual(typo.range, { start: { line, character: 2 }, end: { line, character: 6 } });
  assert.strictEqual(typo.severity, lsp.DiagnosticSeverity.Error);

  const viewLine = text.split('\n').findIndex((l) => l.startsWith('  join countries as c using (country, year)'));
  const completion = await withTimeout(connection.sendRequest(lsp.CompletionRequest.type, {
    textDocument: { uri },
    position: { line: viewLine, character: '  join '.length },
  }), 30000, 'completion');
  const labels = (Array.isArray(completion) ? completion : completion.items).map((i) => i.label);
  assert.ok(labels.includes('countries'), labels.join(','));
  assert.ok(labels.includes('disasters'), labels.join(','));

  await withTimeout(connection.sendRequest(lsp.ShutdownRequest.type), 30000, 'shutdown');
  await connection.sendNotification(lsp.ExitNotification.type);
  const code = await withTimeout(exited, 30000, 'the server process to exit');
  assert.strictEqual(code, 0);
  connection.dispose();
});

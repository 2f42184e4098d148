// How to launch the server from the configured path: `pulse lsp`, or `dotnet pulse.dll lsp` when
// the path names a framework-dependent assembly. Kept apart from extension.js so it can be tested
// without VS Code.
'use strict';

function serverCommand(path, extraArgs) {
  const configured = (path || 'pulse').trim();
  const extra = Array.isArray(extraArgs) ? extraArgs.map(String) : [];
  if (configured.toLowerCase().endsWith('.dll')) {
    return { command: 'dotnet', args: [configured, 'lsp', ...extra] };
  }
  return { command: configured, args: ['lsp', ...extra] };
}

module.exports = { serverCommand };

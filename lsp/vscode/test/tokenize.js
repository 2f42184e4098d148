// Tokenizes text with the extension's TextMate grammar exactly as VS Code does (vscode-textmate
// with the oniguruma WebAssembly regex engine).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const grammarPath = path.join(__dirname, '..', 'syntaxes', 'pulse.tmLanguage.json');
let grammarPromise;

function loadGrammar() {
  if (!grammarPromise) {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }));
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) => scopeName === 'source.pulse'
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
    });
    grammarPromise = registry.loadGrammar('source.pulse');
  }
  return grammarPromise;
}

/** Returns { tokens: [{ line, text, scopes }], endStackDepth } for a whole text. */
async function tokenize(text) {
  const grammar = await loadGrammar();
  let stack = vsctm.INITIAL;
  const tokens = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, stack);
    for (const token of result.tokens) {
      tokens.push({ line, text: lineText.substring(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    stack = result.ruleStack;
  });
  return { tokens, endStackDepth: depthOf(stack) };
}

function depthOf(stack) {
  let depth = 0;
  for (let s = stack; s && s.parent !== undefined; s = s.parent) depth++;
  return depth;
}

module.exports = { tokenize };

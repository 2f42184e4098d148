// Asserts the scopes the TextMate grammar gives chosen tokens of every example pipeline.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize } = require('./tokenize');

const pipelines = path.join(__dirname, '..', '..', '..', 'pipelines');
const examples = fs.readdirSync(pipelines).filter((f) => f.endsWith('.pulse')).sort();

async function tokensOf(file) {
  return tokenize(fs.readFileSync(path.join(pipelines, file), 'utf8'));
}

/** The innermost scope of the first token with this text (on a line containing `lineHas`). */
function scopeOf(result, text, lineHas) {
  const lines = fs.readFileSync(path.join(pipelines, result.file), 'utf8').split(/\r\n|\r|\n/);
  const token = result.tokens.find((t) => t.text === text && (!lineHas || lines[t.line].includes(lineHas)));
  assert.ok(token, `no token "${text}"${lineHas ? ` on a line with "${lineHas}"` : ''} in ${result.file}`);
  return token.scopes[token.scopes.length - 1];
}

async function load(file) {
  const result = await tokensOf(file);
  result.file = file;
  return result;
}

test('there are examples to tokenize', () => {
  assert.ok(examples.length >= 4, examples.join(','));
});

for (const file of examples) {
  test(`${file}: blocks balance and nothing is marked invalid`, async () => {
    const result = await load(file);
    assert.strictEqual(result.endStackDepth, 1, 'a begin/end rule is still open at the end of the file');
    const invalid = result.tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid')));
    assert.deepStrictEqual(invalid, []);
  });
}

test('world-hunger: declarations, types, strings, comments, durations, percents', async () => {
  const r = await load('world-hunger.pulse');
  assert.strictEqual(scopeOf(r, 'source', 'source gapminder'), 'keyword.declaration.source.pulse');
  assert.strictEqual(scopeOf(r, 'gapminder', 'source gapminder'), 'entity.name.type.source.pulse');
  assert.strictEqual(scopeOf(r, 'json', 'source gapminder'), 'support.type.kind.pulse');
  assert.strictEqual(scopeOf(r, 'string', 'country: string'), 'storage.type.pulse');
  assert.strictEqual(scopeOf(r, 'decimal', 'price_usd'), 'storage.type.pulse');
  assert.strictEqual(scopeOf(r, '?', 'cluster: int?'), 'storage.modifier.nullable.pulse');
  assert.strictEqual(scopeOf(r, 'data/gapminder.json', 'path ='), 'string.quoted.double.pulse');
  assert.strictEqual(scopeOf(r, 'year', 'year: int'), 'variable.other.field.pulse');
  assert.strictEqual(scopeOf(r, 'from', 'from "Entity"'), 'keyword.other.from.pulse');
  assert.strictEqual(scopeOf(r, ' World hunger: how population, life expectancy and fertility moved between 1955 and 2005, the'),
    'comment.line.double-slash.pulse');
  assert.strictEqual(scopeOf(r, ' The warehouse that serves dashboards and analysts.'), 'comment.line.documentation.pulse');
  assert.strictEqual(scopeOf(r, '5m', 'watermark'), 'constant.numeric.duration.pulse');
  assert.strictEqual(scopeOf(r, '36h', 'retain'), 'constant.numeric.duration.pulse');
  assert.strictEqual(scopeOf(r, '99%', 'mostly'), 'constant.numeric.percent.pulse');
  assert.strictEqual(scopeOf(r, '5432', 'port'), 'constant.numeric.pulse');
  assert.strictEqual(scopeOf(r, 'expect', 'known_year'), 'keyword.other.step.pulse');
  assert.strictEqual(scopeOf(r, 'known_year'), 'entity.name.label.expectation.pulse');
  assert.strictEqual(scopeOf(r, 'quarantine', 'known_year'), 'keyword.other.action.pulse');
  assert.strictEqual(scopeOf(r, 'between', 'known_year'), 'keyword.operator.word.pulse');
  assert.strictEqual(scopeOf(r, 'view', 'batch view cluster_trends'), 'keyword.declaration.view.pulse');
  assert.strictEqual(scopeOf(r, 'cluster_trends', 'batch view cluster_trends'), 'entity.name.type.view.pulse');
  assert.strictEqual(scopeOf(r, 'from', 'from gapminder as g'), 'keyword.other.step.pulse');
  assert.strictEqual(scopeOf(r, 'gapminder', 'from gapminder as g'), 'entity.name.type.relation.pulse');
  assert.strictEqual(scopeOf(r, 'using', 'join countries'), 'keyword.other.view.pulse');
  assert.strictEqual(scopeOf(r, 'sum', 'population = sum(pop)'), 'support.function.pulse');
  assert.strictEqual(scopeOf(r, 'tumbling', 'window tumbling'), 'keyword.other.view.pulse');
  assert.strictEqual(scopeOf(r, 'host', 'host = env'), 'variable.other.property.pulse');
  assert.strictEqual(scopeOf(r, 'env', 'host = env'), 'support.function.pulse');
  assert.strictEqual(scopeOf(r, 'databricks', 'databricks {'), 'entity.name.section.pulse');
  assert.strictEqual(scopeOf(r, 'given', 'given disasters'), 'keyword.other.test.pulse');
  assert.strictEqual(scopeOf(r, 'null', 'deaths: null'), 'constant.language.pulse');
  assert.strictEqual(scopeOf(r, 'true', 'header = true'), 'constant.language.pulse');
});

test('product-search: escapes inside strings', async () => {
  const r = await load('product-search.pulse');
  assert.strictEqual(scopeOf(r, '\\"', 'query ='), 'constant.character.escape.pulse');
  assert.strictEqual(scopeOf(r, 'range', 'query ='), 'string.quoted.double.pulse');
  assert.strictEqual(scopeOf(r, '7d', 'freshness'), 'constant.numeric.duration.pulse');
  assert.strictEqual(scopeOf(r, 'freshness', 'freshness'), 'keyword.other.clean.pulse');
  assert.strictEqual(scopeOf(r, '??', 'in_stock = s.in_stock'), 'keyword.operator.coalesce.pulse');
});

test('orders and clickstream: case expressions, casts, arrows', async () => {
  const orders = await load('orders.pulse');
  assert.strictEqual(scopeOf(orders, 'date', 'cast ordered_on'), 'storage.type.pulse');
  assert.strictEqual(scopeOf(orders, 'cast', 'cast ordered_on'), 'keyword.other.step.pulse');
  assert.strictEqual(scopeOf(orders, 'timestamp', 'date_trunc'), 'storage.type.pulse');
  assert.strictEqual(scopeOf(orders, 'left', 'left join'), 'keyword.other.step.pulse');
  const clicks = await load('clickstream.pulse');
  assert.strictEqual(scopeOf(clicks, 'case', 'derive section'), 'keyword.control.conditional.pulse');
  assert.strictEqual(scopeOf(clicks, 'end', 'derive section'), 'keyword.control.conditional.pulse');
  assert.strictEqual(scopeOf(clicks, '30m', 'window session'), 'constant.numeric.duration.pulse');
});

test('quoted identifiers, block comments and suppressions', async () => {
  const r = await tokenize([
    '/* block',
    '   comment */',
    '// pulse-disable-next-line PULSE5001',
    'batch view v {',
    '  select `end` = 1, `a ``b`` c` = 2',
    '}',
  ].join('\n'));
  const scope = (text) => {
    const t = r.tokens.find((x) => x.text === text);
    assert.ok(t, `no token ${text}`);
    return t.scopes[t.scopes.length - 1];
  };
  assert.strictEqual(scope('   comment '), 'comment.block.pulse');
  assert.strictEqual(scope('pulse-disable-next-line'), 'keyword.other.suppression.pulse');
  assert.strictEqual(scope('PULSE5001'), 'constant.other.diagnostic-code.pulse');
  assert.strictEqual(scope('`end`'), 'variable.other.quoted.pulse');
  assert.strictEqual(scope('`a ``b`` c`'), 'variable.other.quoted.pulse');
  assert.strictEqual(r.endStackDepth, 1);
});

// Validates WebVTT for the Python tests: reads one JSON request per line on stdin,
// {"text": "<whole VTT file>"}, and writes one JSON reply per line on stdout:
// {"cues": [{id, start, end, text, plain, voices, runs}], "errors": [{message, line, col}]}
// or {"fatal": "<message>"} when the request cannot be handled. Never exits on bad input.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { WebVTTParser } = require('webvtt-parser');

// The full HTML entity table makes the parser spec-compliant; without it only
// &amp; &lt; &gt; &lrm; &rlm; &nbsp; are known.
const entitiesPath = path.join(path.dirname(require.resolve('webvtt-parser')), 'html-entities.json');
const entities = fs.existsSync(entitiesPath) ? require(entitiesPath) : undefined;

// Tree nodes: the root is {children}; text nodes are {type: "text", value};
// tag nodes (c, i, b, u, ruby, rt, v, lang) are {type: "object", name, classes, children,
// value} where value is the <v>/<lang> annotation; timestamp nodes are
// {type: "timestamp", value: seconds} and carry no text.
function plainText(node) {
  if (node.type === 'text') return node.value;
  if (node.type === 'timestamp') return '';
  return (node.children || []).map(plainText).join('');
}

function voices(node, found = []) {
  if (node.type === 'object' && node.name === 'v') found.push(node.value);
  for (const child of node.children || []) voices(child, found);
  return found;
}

// The plain text between timestamp tags, each run with the tag before it (null for the
// run before the first tag): [[seconds|null, text], ...].
function timedRuns(node, runs = [[null, '']]) {
  if (node.type === 'text') runs[runs.length - 1][1] += node.value;
  else if (node.type === 'timestamp') runs.push([node.value, '']);
  else for (const child of node.children || []) timedRuns(child, runs);
  return runs;
}

function handle(line) {
  const request = JSON.parse(line);
  if (!request || typeof request.text !== 'string') {
    throw new Error('request must be {"text": <string>}');
  }
  const result = new WebVTTParser(entities).parse(request.text, 'subtitles');
  return {
    cues: result.cues.map((cue) => {
      const tree = cue.tree || { children: [] };
      return {
        id: cue.id,
        start: cue.startTime,
        end: cue.endTime,
        text: cue.text,
        plain: plainText(tree),
        voices: voices(tree),
        runs: timedRuns(tree),
      };
    }),
    errors: result.errors.map((e) => ({
      message: e.message,
      line: e.line === undefined ? null : e.line,
      col: e.col === undefined ? null : e.col,
    })),
  };
}

process.stdout.on('error', () => process.exit(0)); // the reader went away
const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', (line) => {
  let reply;
  try {
    reply = handle(line);
  } catch (e) {
    reply = { fatal: String((e && e.message) || e) };
  }
  // Pipes to stdout are written synchronously on POSIX, so each line is flushed here.
  process.stdout.write(JSON.stringify(reply) + '\n');
});

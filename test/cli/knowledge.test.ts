import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/create-services.js';
import { loadConfig } from '../../src/config.js';
import { runTerminal } from '../../src/terminal/repl.js';
import { tinyPdf } from '../knowledge/tiny-pdf.js';
import { prepareDataDir, ROOT, runScript } from './helpers.js';

let dataDir: string;
let files: string;

const PROCUREMENT = `# Procurement checklist

## Security review

The Halberd security team signs off every model vendor within ten working days of receiving its SOC 2 report.
`;

beforeAll(async () => {
  dataDir = await prepareDataDir();
  files = fs.mkdtempSync(path.join(dataDir, 'files-'));
  fs.writeFileSync(path.join(files, 'procurement.md'), PROCUREMENT);
  fs.writeFileSync(path.join(files, 'eval-notes.pdf'), tinyPdf([['Evaluation notes', 'The Wrenfield pilot measured 240 milliseconds median latency on the support bot.']], 'Evaluation notes'));
  fs.writeFileSync(path.join(files, 'slides.pptx'), 'not a document');
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Each step is a new process (tsx, index load): slow on a loaded machine. */
describe('npm run knowledge', { timeout: 120_000 }, () => {
  it('adds, lists and removes a document that every answer can then cite', async () => {
    const added = await runScript('scripts/knowledge.ts', ['add', path.join(files, 'procurement.md')], { dataDir });
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/^Added "Procurement checklist" \(\d+ passages?, id \w+\)/);
    expect(added.code).toBe(0);

    const listed = await runScript('scripts/knowledge.ts', ['list'], { dataDir });
    expect(listed.stdout).toMatch(/^\w+ {2}Procurement checklist · procurement\.md · added by \S+ on \d{4}-\d\d-\d\d · \d+ passages?$/m);

    const asked = await runScript('scripts/ask.ts', ['--json', 'Who signs off a model vendor after its SOC 2 report?'], { dataDir });
    const answer = JSON.parse(asked.stdout) as { answer: string; sources: Array<{ title: string; section: string }> };
    expect(answer.answer).toMatch(/Halberd/);
    expect(answer.sources[0]).toMatchObject({ title: expect.stringMatching(/^Procurement checklist \(added by .+\)$/), section: 'Security review' });

    const removed = await runScript('scripts/knowledge.ts', ['remove', 'procurement.md'], { dataDir });
    expect(removed.stdout).toMatch(/Removed "Procurement checklist"/);
    expect((await runScript('scripts/knowledge.ts', ['list'], { dataDir })).stdout).toMatch(/No documents/);
  });

  it('explains bad usage, unknown files and unsupported types without changing anything', async () => {
    const usage = await runScript('scripts/knowledge.ts', ['add'], { dataDir });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('npm run knowledge -- add <file>');
    const missing = await runScript('scripts/knowledge.ts', ['add', path.join(files, 'nope.md')], { dataDir });
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/There is no file at .*nope\.md/) });
    const pptx = await runScript('scripts/knowledge.ts', ['add', path.join(files, 'slides.pptx')], { dataDir });
    expect(pptx).toMatchObject({ code: 1, stderr: expect.stringMatching(/not a document Parley can read/) });
    expect((await runScript('scripts/knowledge.ts', ['list'], { dataDir })).stdout).toMatch(/No documents/);
  });
});

describe('/knowledge in the terminal', () => {
  it('adds a PDF that the next question cites, then removes it', async () => {
    const services = await createServices(loadConfig({ PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'silent' }, { cwd: ROOT }));
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.setEncoding('utf8').on('data', (data: string) => (text += data));
    const question = 'What median latency did the Wrenfield pilot measure?';
    input.end([`/knowledge add ${path.join(files, 'eval-notes.pdf')}`, question, '/knowledge list', '/knowledge remove eval-notes.pdf', question, '/knowledge'].join('\n'));
    try {
      await runTerminal({ services, input, output, interactive: false });
    } finally {
      await services.close();
    }
    const [added, cited, listed, removed, again, empty] = ['Added', 'The Wrenfield', /^\w+ {2}Evaluation notes/m, 'Removed', "doesn't cover", 'No documents'].map((marker) => {
      const at = typeof marker === 'string' ? text.indexOf(marker) : text.search(marker);
      expect(at, String(marker)).toBeGreaterThanOrEqual(0);
      return text.slice(at);
    });
    expect(added).toMatch(/^Added "Evaluation notes" \(1 passage, id \w+\)/);
    expect(cited).toMatch(/^The Wrenfield pilot measured 240 milliseconds median latency.*\[1\]\.\n+Sources:\n\[1\] Evaluation notes \(added by .+\)\n/);
    expect(listed).toMatch(/^\w+ {2}Evaluation notes · eval-notes\.pdf · added by .+ · 1 passage$/m);
    expect(removed).toMatch(/^Removed "Evaluation notes" \(eval-notes\.pdf\)/);
    expect(again).not.toMatch(/Evaluation notes|240 milliseconds/);
    expect(empty).toMatch(/^No documents added from the command line yet/);
  });
});

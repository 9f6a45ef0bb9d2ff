import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway knowledge folder: `files` maps relative paths to contents. */
export function makeKnowledgeDir(files: Record<string, string | Uint8Array>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-knowledge-'));
  for (const [rel, content] of Object.entries(files)) writeKnowledgeFile(dir, rel, content);
  return dir;
}

export function writeKnowledgeFile(dir: string, rel: string, content: string | Uint8Array): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

export function tempDir(prefix = 'parley-index-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const LLAMA_BRIEF = `---
title: Llama 2 Community License
url: https://ai.meta.com/llama/license/
version: 2023-07-18
kind: license
---

# Llama 2 Community License (brief)

Meta's Llama 2 models come with open weights under Meta's own license.

## §1.b.v No using Llama 2 outputs to improve other LLMs

You may not use Llama 2 outputs to improve any other large language model.

## §2 Additional commercial terms: the 700M MAU cap

Companies with more than 700 million monthly active users in June 2023 need a separate license from Meta.
`;

export const FALCON_BRIEF = `---
title: Falcon 7B and 40B (Apache 2.0)
url: https://huggingface.co/tiiuae/falcon-40b
version: 2023-05-31
kind: license
---

# Falcon-7B and Falcon-40B (brief)

## §2 Apache 2.0 grant: commercial use with no user cap

Anyone may use, sell and host Falcon-40B for any purpose, with no royalty.
`;

export const ARTICLE = `---
title: Open vs closed LLMs
url: https://example.com/article
version: null
kind: article
---

Open models are free to download. Closed models are reached through paid APIs.

## Security and Privacy

Open-source models offer transparency, allowing users to inspect the code and keep data on their own servers.
`;

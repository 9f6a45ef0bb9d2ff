/**
 * Writes a tiny BERT-shaped sentence-embedding model for transformers.js into a folder, so the
 * loading code can be tested offline: a WordPiece tokenizer over a handful of words and an ONNX
 * graph with one Gather node (token id → 4-dimensional vector) producing `last_hidden_state`.
 * The ONNX protobuf is encoded by hand (a few fields of ModelProto), no onnx package needed.
 */
import fs from 'node:fs';
import path from 'node:path';

export const TINY_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'llama', 'license', 'users', 'falcon', 'apache', 'hosting', 'cats', 'dogs'];
export const TINY_DIMENSION = 4;

/** Word vectors: license words point one way, pets another. */
const VECTORS: Record<string, number[]> = {
  llama: [1, 0.2, 0, 0],
  license: [0.9, 0.3, 0, 0],
  users: [0.8, 0.1, 0.1, 0],
  falcon: [0.7, 0.4, 0, 0],
  apache: [0.8, 0.5, 0, 0],
  hosting: [0.6, 0.6, 0, 0],
  cats: [0, 0, 1, 0.2],
  dogs: [0, 0, 0.9, 0.4],
};

export function writeTinyModel(modelsDir: string, modelId = 'parley-test/tiny-bert'): string {
  const dir = path.join(modelsDir, ...modelId.split('/'));
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const vocab = Object.fromEntries(TINY_VOCAB.map((token, id) => [token, id]));
  const special = (content: string, id: number) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  fs.writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: TINY_VOCAB.slice(0, 4).map((token, id) => special(token, id)),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
        special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 64, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]' }),
  );
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: TINY_DIMENSION, vocab_size: TINY_VOCAB.length, max_position_embeddings: 64 }),
  );
  const table = TINY_VOCAB.flatMap((token) => VECTORS[token] ?? [0, 0, 0, 0.01]);
  fs.writeFileSync(path.join(dir, 'onnx', 'model.onnx'), encodeGatherModel(table, TINY_VOCAB.length, TINY_DIMENSION));
  return modelId;
}

// --- minimal protobuf writer --------------------------------------------------------------------

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, value: number) => [...key(field, 0), ...varint(value)];
const bytes = (field: number, data: number[] | Uint8Array) => [...key(field, 2), ...varint(data.length), ...data];
const str = (field: number, text: string) => bytes(field, [...Buffer.from(text, 'utf8')]);

/** ValueInfoProto for a tensor; dims are numbers (fixed) or strings (symbolic). */
function valueInfo(name: string, elemType: number, dims: Array<number | string>): number[] {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

function encodeGatherModel(table: number[], vocabSize: number, dimension: number): Uint8Array {
  const FLOAT = 1;
  const INT64 = 7;
  const raw = new Uint8Array(new Float32Array(table).buffer);
  const initializer = [...int(1, vocabSize), ...int(1, dimension), ...int(2, FLOAT), ...str(8, 'embeddings'), ...bytes(9, raw)];
  const node = [...str(1, 'embeddings'), ...str(1, 'input_ids'), ...str(2, 'last_hidden_state'), ...str(3, 'lookup'), ...str(4, 'Gather')];
  const graph = [
    ...bytes(1, node),
    ...str(2, 'tiny'),
    ...bytes(5, initializer),
    ...bytes(11, valueInfo('input_ids', INT64, ['batch', 'sequence'])),
    ...bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', dimension])),
  ];
  const opset = [...str(1, ''), ...int(2, 13)];
  return new Uint8Array([...int(1, 8), ...str(2, 'parley-test'), ...bytes(7, graph), ...bytes(8, opset)]);
}

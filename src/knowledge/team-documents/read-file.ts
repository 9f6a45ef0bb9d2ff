import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../core/errors.js';
import { checkFormat, checkSize } from './convert.js';

/** A document file from disk (terminal, CLI): type and size are checked before it is read. */
export async function readDocumentFile(filePath: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  const fileName = path.basename(filePath);
  let stat;
  try {
    stat = await fs.stat(filePath);
  } catch {
    throw new UserError(`There is no file at ${filePath}.`, 'no_such_file');
  }
  if (!stat.isFile()) throw new UserError(`${filePath} is not a file.`, 'no_such_file');
  checkFormat(fileName);
  checkSize(fileName, stat.size);
  return { fileName, bytes: new Uint8Array(await fs.readFile(filePath)) };
}

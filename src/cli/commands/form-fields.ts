/** `asylum-packet form-fields <pdf>`: every field of a fillable PDF, to help write a field map. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../../errors/catalogue.js';
import { PacketError } from '../../errors/problem.js';
import { openForm } from '../../forms/open.js';
import { EXIT, UsageError, paint, type CliIO } from '../io.js';
import { formatProblem } from '../report.js';

export async function formFieldsCommand(file: string, flags: { json?: boolean }, io: CliIO): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.resolve(io.cwd, file));
  } catch {
    throw new UsageError(problem('usage', { detail: `no PDF at "${file}"` }, { file }, 'give the path of the fillable PDF, e.g. templates/forms/i-589.pdf'));
  }
  try {
    const { fields, hadXfa } = await openForm(file, bytes);
    if (flags.json) {
      io.stdout(JSON.stringify({ file, xfa: hadXfa, fields }, null, 2) + '\n');
      return EXIT.ok;
    }
    const c = paint(io);
    io.stdout(`${file}: ${fields.length} fields${hadXfa ? ' (the XFA beside them is dropped when filling)' : ''}\n\n`);
    for (const f of fields) {
      const extra = [
        f.page ? `page ${f.page}` : 'no page',
        f.maxLength !== null ? `max ${f.maxLength}` : '',
        f.multiline ? 'multi-line' : '',
        f.options.length ? `values: ${f.options.map((o) => JSON.stringify(o)).join(', ')}` : '',
      ].filter(Boolean);
      io.stdout(`${f.name}  ${c.dim(`${f.kind} · ${extra.join(' · ')}`)}\n`);
    }
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof PacketError)) throw err;
    io.stdout(err.problems.map((p) => formatProblem(p, io)).join(''));
    return EXIT.invalid;
  }
}

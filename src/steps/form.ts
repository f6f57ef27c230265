/** `form`: fills an official fillable PDF (Form I-589 …) from the case through a field map. */
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';
import { editionTableFile } from '../forms/editions.js';
import { loadFieldMap, type FieldMap } from '../forms/map.js';
import { lintFieldMap } from '../forms/map-lint.js';
import { defineStep } from './define.js';
import { filedDocument, signedByOption } from './filed-document.js';

const options = z.strictObject({
  map: z.string().min(1).describe('The field map (YAML), relative to the pipeline file, e.g. "forms/i-589.yaml"'),
  output: z.string().min(1).describe('File name of the filled form, a handlebars pattern, e.g. "{{caseId}}-I-589.pdf"'),
  flatten: z.boolean().default(false).describe('Flatten the fields into the page (no longer editable)'),
  optional: z.boolean().default(false).describe('When the form PDF is not in the templates folder, skip with a warning instead of failing (for forms users download themselves)'),
  signedBy: signedByOption,
});

const exists = (file: string) => access(file).then(() => true, () => false);

export const formStep = defineStep({
  kind: 'form',
  description: 'Fill an official fillable PDF form (AcroForm) from the case through a field map',
  options,
  bind: (o, { templatesDir, pipelineDir }) => {
    const mapFile = path.resolve(pipelineDir, o.map);
    return {
      outputs: [o.output],
      fieldMap: mapFile,
      async inputs() {
        const map = await loadFieldMap(mapFile).catch(() => undefined);
        const table = editionTableFile(mapFile);
        const tables = (await exists(table)) ? [table] : [];
        return map ? [mapFile, path.resolve(templatesDir, map.form), ...tables] : [mapFile, ...tables];
      },
      // The map and the form are checked when a case runs, not here: a wrong map fails the form
      // step of each case (with the field and the edition named), never the whole batch.
      async check(ctx) {
        return o.output.toLowerCase().endsWith('.pdf') ? [] : [problem('outputName', { output: o.output, detail: 'must end in .pdf' }, ctx.at(['output']))];
      },
      async run(ctx) {
        let map: FieldMap;
        let formFile: string;
        try {
          map = await loadFieldMap(mapFile);
          const lint = lintFieldMap(map);
          if (lint.length) return { files: [], failed: lint };
          formFile = path.resolve(templatesDir, map.form);
        } catch (err) {
          if (err instanceof PacketError) return { files: [], failed: err.problems };
          throw err;
        }
        if (!(await exists(formFile))) {
          const args = { form: map.form, resolved: formFile, download: map.download };
          // What the form is and who signs it, for the filing's list of signatures (it is not in the filing).
          const data = { ...filedDocument(ctx, map.title, o.signedBy) };
          if (o.optional) return { files: [], warnings: [problem('formSkipped', args, { file: map.file })], data };
          return { files: [], failed: [problem('formMissing', args, { file: map.file })], data };
        }
        const [{ fillForm }, { loadFormBytes }] = await Promise.all([import('../forms/fill.js'), import('../forms/open.js')]);
        let filled: Awaited<ReturnType<typeof fillForm>>;
        try {
          filled = await fillForm(formFile, await loadFormBytes(formFile), map, ctx.model, { flatten: o.flatten, today: ctx.model.derived.filingDate, intakeFile: ctx.case.file });
        } catch (err) {
          if (err instanceof PacketError) return { files: [], failed: err.problems };
          throw err;
        }
        const name = ctx.outputName(o.output);
        await writeFile(path.join(ctx.outDir, name), filled.bytes);
        return {
          files: [name],
          warnings: filled.warnings,
          data: { file: name, ...filedDocument(ctx, map.title, o.signedBy), pages: filled.pageCount, continued: filled.continued.length, coverage: filled.coverage, edition: filled.edition },
        };
      },
    };
  },
});

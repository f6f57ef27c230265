/** `packet`: the numbered, tabbed, bookmarked exhibit packet in PDF (see src/packet). */
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import { defineStep } from './define.js';

const options = z.strictObject({
  output: z.string().min(1).describe('File name of the packet, a handlebars pattern, e.g. "{{caseId}}-exhibits.pdf"; volumes add _Part1, _Part2 …'),
  title: z.string().min(1).optional().describe('Document title on the first page; by default one suited to the proceeding'),
  pageNumbers: z
    .strictObject({
      format: z.string().min(1).default('{{page}}').describe('Handlebars pattern: {{page}}, {{pages}} and model fields, e.g. "A{{aNumberDigits}}-{{page}}"'),
      pad: z.number().int().min(0).max(8).default(0).describe('Pad {{page}} with zeros to this many digits, e.g. 4 → 0001'),
      position: z.enum(['bottom-center', 'bottom-right', 'bottom-left']).default('bottom-center'),
      size: z.number().min(6).max(14).default(10).describe('Font size in points'),
    })
    .prefault({})
    .describe('How pages are numbered (default: {{page}}, bottom centre, 10 pt)'),
  maxFileSizeMB: z.number().positive().default(25).describe('Split into volumes above this size (25 is the ECAS limit)'),
  ocr: z.boolean().default(true).describe('Give image pages (photos, TIFF scans) searchable text by OCR where Tesseract is installed; without it they are filed as they are, with a notice (AP4106)'),
  parts: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      'The filing\'s parts in order: "cover" (the cover page), "contents" (the table of contents, or index), "exhibits" (the evidence behind its tabs), "certificate-of-service", and the ids of earlier steps whose PDF goes in whole (the filled Form I-589, the converted declaration); a step that wrote nothing (an optional form not downloaded, a conversion skipped) is left out. By default: cover, contents, exhibits, and for the court the certificate of service',
    ),
});

/** The parts the packet makes itself; any other entry of `parts` is the id of an earlier step. */
export const GENERATED_PARTS = ['cover', 'contents', 'exhibits', 'certificate-of-service'] as const;
export type GeneratedPart = (typeof GENERATED_PARTS)[number];
export const isGeneratedPart = (part: string): part is GeneratedPart => (GENERATED_PARTS as readonly string[]).includes(part);

export type PacketOptions = z.output<typeof options>;

/** The entries of `parts` that name earlier steps, with their places in the list. */
function documentParts(parts: readonly string[]) {
  const named = parts.map((part, i) => ({ part, i })).filter(({ part }) => !isGeneratedPart(part));
  return { ids: named.map((n) => n.part), at: 'parts', indexes: named.map((n) => n.i) };
}

export const packetStep = defineStep({
  kind: 'packet',
  description: 'Assemble the numbered, tabbed, bookmarked exhibit packet (PDF)',
  options,
  bind: (o) => ({
    outputs: [o.output],
    references: documentParts(o.parts ?? []),
    inputs: async () => [],
    async check(ctx) {
      const problems = o.output.toLowerCase().endsWith('.pdf') ? [] : [problem('outputName', { output: o.output, detail: 'must end in .pdf' }, ctx.at(['output']))];
      const parts = o.parts ?? [];
      for (const [i, part] of parts.entries()) {
        const first = parts.indexOf(part);
        if (first < i) problems.push(problem('pipelineField', { detail: `"${part}" is already part ${first + 1} of the filing; each part is placed once` }, ctx.at(['parts', i])));
      }
      if (o.parts && !parts.includes('exhibits')) problems.push(problem('pipelineField', { detail: 'the parts do not include "exhibits": the evidence would be left out of the filing' }, ctx.at(['parts'])));
      return problems;
    },
    async run(ctx) {
      // pdf-lib and the packet's code load when a packet is first built, not with the pipeline.
      const { buildPacket } = await import('../packet/build.js');
      return buildPacket(o, ctx);
    },
  }),
});

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
  certificateOfService: z.boolean().optional().describe('End with a certificate of service on DHS (default: for defensive cases)'),
  documents: z.array(z.string()).default([]).describe('Ids of earlier steps whose PDF (e.g. the filled Form I-589) goes after the table of contents, bookmarked and listed; a step that wrote nothing (an optional form not downloaded) is left out'),
});

export type PacketOptions = z.output<typeof options>;

export const packetStep = defineStep({
  kind: 'packet',
  description: 'Assemble the numbered, tabbed, bookmarked exhibit packet (PDF)',
  options,
  bind: (o) => ({
    outputs: [o.output],
    references: { ids: o.documents, at: 'documents' },
    inputs: async () => [],
    async check(ctx) {
      return o.output.toLowerCase().endsWith('.pdf') ? [] : [problem('outputName', { output: o.output, detail: 'must end in .pdf' }, ctx.at(['output']))];
    },
    async run(ctx) {
      // pdf-lib and the packet's code load when a packet is first built, not with the pipeline.
      const { buildPacket } = await import('../packet/build.js');
      return buildPacket(o, ctx);
    },
  }),
});

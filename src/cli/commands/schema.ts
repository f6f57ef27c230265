/** `asylum-packet schema [--pipeline]`: prints the JSON Schema of intake (or pipeline) files, for editors. */
import { intakeJsonSchema } from '../../intake/json-schema.js';
import { pipelineJsonSchema } from '../../pipeline/schema.js';
import { EXIT, type CliIO } from '../io.js';

export async function schemaCommand(io: CliIO, flags: { pipeline?: boolean } = {}): Promise<number> {
  io.stdout(JSON.stringify(flags.pipeline ? pipelineJsonSchema() : intakeJsonSchema(), null, 2) + '\n');
  return EXIT.ok;
}

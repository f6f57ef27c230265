/** `asylum-packet schema`: prints the JSON Schema of intake files (committed as intake.schema.json). */
import { intakeJsonSchema } from '../../intake/json-schema.js';
import { EXIT, type CliIO } from '../io.js';

export async function schemaCommand(io: CliIO): Promise<number> {
  io.stdout(JSON.stringify(intakeJsonSchema(), null, 2) + '\n');
  return EXIT.ok;
}

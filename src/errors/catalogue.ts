/**
 * The error catalogue. Every problem the tool reports comes from an entry here.
 *
 * Codes and names are permanent: once published they are never renumbered or reused, because
 * paralegals, support notes and scripts refer to them. Add new entries with new codes; retire an
 * entry by leaving it in place with `retired: true` in a comment.
 *
 * Ranges: AP0xxx command line · AP10xx reading a file · AP11xx intake fields ·
 * AP12xx rules between intake fields · AP13xx files an intake refers to · AP14xx intake warnings ·
 * AP20xx pipelines · AP21xx templates · AP30xx building a case · AP40xx exhibits and the packet ·
 * AP50xx fillable forms and field maps · AP60xx the record of what was filed ·
 * AP61xx filing rules.
 */
import { INSTALL_HINT, OCR_INSTALL_HINT } from '../convert/install-hint.js';
import type { Location, Problem, Severity } from './problem.js';

interface Entry<A> {
  code: string;
  name: string;
  title: string;
  severity: Severity;
  message: (args: A) => string;
  hint?: (args: A) => string | undefined;
}

function entry<A = Record<string, never>>(e: Entry<A>): Entry<A> {
  return e;
}

const q = (s: string) => JSON.stringify(s);

export const catalogue = {
  // ── command line ───────────────────────────────────────────────────────────
  usage: entry<{ detail: string }>({
    code: 'AP0001', name: 'usage', title: 'Command line not understood', severity: 'error',
    message: (a) => a.detail,
    hint: () => 'run `asylum-packet --help` for the commands and their options',
  }),
  noMatch: entry<{ pattern: string }>({
    code: 'AP0002', name: 'no-match', title: 'No file matches', severity: 'error',
    message: (a) => `no intake file matches ${q(a.pattern)}`,
    hint: () => 'check the folder and the spelling; quote globs ("intake/*.json") so the shell does not expand them',
  }),

  // ── reading a file ─────────────────────────────────────────────────────────
  fileUnreadable: entry<{ reason: string }>({
    code: 'AP1001', name: 'file-unreadable', title: 'File cannot be read', severity: 'error',
    message: (a) => `cannot read the file: ${a.reason}`,
    hint: () => 'check that the file exists and that you have permission to read it',
  }),
  emptyFile: entry({
    code: 'AP1002', name: 'empty-file', title: 'File is empty', severity: 'error',
    message: () => 'the file is empty',
    hint: () => 'the file may still be copying, or was saved before it was written; save it again',
  }),
  notUtf8: entry<{ byte: string }>({
    code: 'AP1003', name: 'not-utf8', title: 'File is not UTF-8', severity: 'error',
    message: (a) => `the file is not UTF-8 text (found byte 0x${a.byte} here); names with accents would be mangled`,
    hint: () => 'save or export the file as "UTF-8" (in Notepad: Save As → Encoding: UTF-8)',
  }),
  jsonSyntax: entry<{ detail: string }>({
    code: 'AP1004', name: 'json-syntax', title: 'Not valid JSON', severity: 'error',
    message: (a) => `the JSON is broken here: ${a.detail}`,
    hint: () => 'look just before this point for a missing comma, quote or bracket; a file cut short ends early',
  }),
  duplicateKey: entry<{ key: string; firstLine: number }>({
    code: 'AP1005', name: 'duplicate-key', title: 'Key written twice', severity: 'error',
    message: (a) => `${q(a.key)} is written twice in the same object (first on line ${a.firstLine}); only one value can count`,
    hint: () => 'delete the copy that is wrong',
  }),
  intakeTooLarge: entry<{ size: string; limit: string }>({
    code: 'AP1006', name: 'intake-too-large', title: 'Intake file too large', severity: 'error',
    message: (a) => `the file is ${a.size}, more than the limit of ${a.limit} for an intake file; it was not read`,
    hint: () => 'an intake holds text only (a long claim is under 200 KB): check that this is the intake file, and put documents in evidence files that it names',
  }),
  intakeTooDeep: entry<{ depth: number }>({
    code: 'AP1007', name: 'intake-too-deep', title: 'Intake nested too deeply', severity: 'error',
    message: (a) => `objects and lists nest more than ${a.depth} deep here, more than any intake needs; the file was not read further`,
    hint: () => 'the file was probably made or changed by a program gone wrong: compare it with docs/intake.md, or write it again from a sample',
  }),

  // ── intake fields ──────────────────────────────────────────────────────────
  unsupportedSchemaVersion: entry<{ found: string; supported: string }>({
    code: 'AP1101', name: 'unsupported-schema-version', title: 'Unsupported intake version', severity: 'error',
    message: (a) => `expected schemaVersion ${a.supported}, found ${a.found}`,
    hint: (a) => `this version of asylum-packet reads intake files of schemaVersion ${a.supported}`,
  }),
  unknownKey: entry<{ key: string; suggestion?: string; known: string[] }>({
    code: 'AP1102', name: 'unknown-key', title: 'Unknown field', severity: 'error',
    message: (a) => `unknown field ${q(a.key)}` + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''),
    hint: (a) => (a.suggestion ? `rename it to ${q(a.suggestion)}` : `the fields allowed here are: ${a.known.join(', ')}`),
  }),
  missingField: entry<{ field: string; expected: string }>({
    code: 'AP1103', name: 'missing-field', title: 'Required field missing', severity: 'error',
    message: (a) => `${q(a.field)} is required: expected ${a.expected}, found nothing`,
  }),
  wrongType: entry<{ expected: string; found: string }>({
    code: 'AP1104', name: 'wrong-type', title: 'Wrong kind of value', severity: 'error',
    message: (a) => `expected ${a.expected}, found ${a.found}`,
    hint: (a) =>
      a.expected === 'true or false' ? 'write true or false without quotes'
      : a.expected.startsWith('a list') ? 'put the value in square brackets, e.g. [ "…" ]; an empty list is []'
      : a.expected.startsWith('a text') || a.expected.startsWith('one of') ? 'put the value in double quotes'
      : a.expected.startsWith('an object') ? 'write the fields inside braces { … }, as in the sample intake files'
      : undefined,
  }),
  invalidOption: entry<{ options: string[]; found: string; suggestion?: string }>({
    code: 'AP1105', name: 'invalid-option', title: 'Value is not one of the options', severity: 'error',
    message: (a) => `expected one of ${a.options.map(q).join(', ')}, found ${a.found}` + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''),
    hint: (a) => (a.suggestion ? `write ${q(a.suggestion)}` : 'write one of the options exactly as shown, in lower case'),
  }),
  invalidDate: entry<{ found: string; example: string }>({
    code: 'AP1106', name: 'invalid-date', title: 'Not a date', severity: 'error',
    message: (a) => `expected a date YYYY-MM-DD, found ${a.found}`,
    hint: (a) => `write the date as year-month-day, e.g. ${q(a.example)}`,
  }),
  partialDateNotAllowed: entry<{ found: string }>({
    code: 'AP1107', name: 'partial-date-not-allowed', title: 'Partial date where a full date is needed', severity: 'error',
    message: (a) => `expected a full date YYYY-MM-DD, found the partial date ${a.found}`,
    hint: () => 'only events[].date may leave out the day or the month; here the exact date is needed',
  }),
  dateNotPast: entry<{ found: string; today: string }>({
    code: 'AP1108', name: 'date-not-past', title: 'Date is not in the past', severity: 'error',
    message: (a) => `expected a date before today (${a.today}), found ${a.found}`,
    hint: () => 'check the year; a date of birth cannot be today or later',
  }),
  invalidFormat: entry<{ expected: string; found: string; example?: string }>({
    code: 'AP1109', name: 'invalid-format', title: 'Value is not in the expected form', severity: 'error',
    message: (a) => `expected ${a.expected}, found ${a.found}`,
    hint: (a) => (a.example ? `for example ${a.example}` : undefined),
  }),
  tooFew: entry<{ expected: string; found: string }>({
    code: 'AP1110', name: 'too-few', title: 'Empty where something is required', severity: 'error',
    message: (a) => `expected ${a.expected}, found ${a.found}`,
    hint: (a) => (a.expected.startsWith('at least') ? 'add the missing entries' : 'fill it in; if the field is optional and unknown, remove it or write null'),
  }),

  // ── rules between intake fields ────────────────────────────────────────────
  requiredForDefensive: entry<{ field: string; why: string }>({
    code: 'AP1201', name: 'required-for-defensive', title: 'Needed for a case in immigration court', severity: 'error',
    message: (a) => `${q(a.field)} is required when proceeding.type is "defensive" (${a.why}), found nothing`,
    hint: () => 'add it from the Notice to Appear or the latest hearing notice',
  }),
  translationRequired: entry<{ language: string }>({
    code: 'AP1202', name: 'translation-required', title: 'Foreign-language exhibit without a translation', severity: 'error',
    message: (a) => `the exhibit is in ${q(a.language)} but has no translation; a certified English translation is required (8 CFR 103.2(b)(3), 8 CFR 1003.33)`,
    hint: () => 'add "translation": { "file": …, "translator": { "name", "address", "phone" } }',
  }),
  socialGroupRequired: entry({
    code: 'AP1203', name: 'social-group-required', title: 'Particular social group not defined', severity: 'error',
    message: () => '"particularSocialGroup" is required when "particular-social-group" is one of the grounds, found nothing',
    hint: () => 'state the group precisely, e.g. "Honduran small-business owners who publicly refuse to pay extortion"',
  }),
  unknownEvidence: entry<{ id: string; suggestion?: string }>({
    code: 'AP1204', name: 'unknown-evidence', title: 'Refers to an exhibit that does not exist', severity: 'error',
    message: (a) => `no exhibit in evidence[] has the id ${q(a.id)}` + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''),
    hint: () => 'use the "id" of an entry in evidence[], or add that exhibit',
  }),
  duplicateId: entry<{ id: string; firstPath: string }>({
    code: 'AP1205', name: 'duplicate-id', title: 'Id used twice', severity: 'error',
    message: (a) => `the id ${q(a.id)} is already used by ${a.firstPath}; ids must be unique`,
    hint: () => 'give each entry its own id',
  }),
  filingMethodMismatch: entry<{ method: string; type: string; allowed: string[] }>({
    code: 'AP1206', name: 'filing-method-mismatch', title: 'Filing method does not fit the proceeding', severity: 'error',
    message: (a) => `filing method ${q(a.method)} is not possible for ${a.type === 'affirmative' ? 'an' : 'a'} ${a.type} case; expected one of ${a.allowed.map(q).join(', ')}`,
    hint: () => 'USCIS takes "mail" or "online"; the immigration court takes "ecas" or "paper"',
  }),

  // ── files an intake refers to ──────────────────────────────────────────────
  pathOutside: entry<{ found: string }>({
    code: 'AP1301', name: 'path-outside', title: 'Path leaves the case folder', severity: 'error',
    message: (a) => `expected a path inside the intake's folder, found ${a.found}`,
    hint: () => 'put the file in the folder of the intake file (or a folder inside it) and write the path from there, e.g. "evidence/letter.pdf"',
  }),
  fileMissing: entry<{ found: string; resolved: string }>({
    code: 'AP1302', name: 'file-missing', title: 'File not found', severity: 'error',
    message: (a) => `the file ${a.found} does not exist (looked for ${a.resolved})`,
    hint: () => 'check the spelling, the folder, and upper/lower case; then save the file there',
  }),
  fileNotReadable: entry<{ found: string; reason: string }>({
    code: 'AP1303', name: 'file-not-readable', title: 'File cannot be read', severity: 'error',
    message: (a) => `the file ${a.found} cannot be read: ${a.reason}`,
    hint: () => 'check the file permissions, or copy the file again',
  }),
  unsupportedFileType: entry<{ found: string; allowed: string }>({
    code: 'AP1304', name: 'unsupported-file-type', title: 'File type not accepted', severity: 'error',
    message: (a) => `expected ${a.allowed}, found ${a.found}`,
    hint: () => 'convert the document to PDF (or the photo to JPEG/PNG) and point to the converted file',
  }),
  fileContentMismatch: entry<{ found: string; claimed: string; actual: string }>({
    code: 'AP1305', name: 'file-content-mismatch', title: 'File is not what its name says', severity: 'error',
    message: (a) => `the file ${a.found} is named as ${a.claimed} but its content is ${a.actual}`,
    hint: () => 'open the file to check it; re-export or re-scan it, or rename it to its real type',
  }),
  fileChanged: entry<{ exhibit: string; file: string; detail: string }>({
    code: 'AP1306', name: 'file-changed', title: 'File changed after it was checked', severity: 'error',
    message: (a) => `${a.exhibit} (${a.file}): the file changed after it was checked (${a.detail}); it was not read, and the case was not built`,
    hint: () => 'a file of the case folder was replaced, moved or rewritten (or a link in it now points elsewhere) while the case was being built: check that it is the right file, put the file itself in the folder rather than a link to it, and build again',
  }),

  signedScanTwice: entry<{ page: string; first: string; second: string }>({
    code: 'AP1307', name: 'signed-scan-twice', title: 'Two signed scans of one page', severity: 'error',
    message: (a) => `${a.first} and ${a.second} are both the signed scan of "${a.page}"; the build cannot tell which one to file`,
    hint: () => 'keep one of them in the signed folder (move the other out of the case folder), then build again',
  }),

  // ── warnings ───────────────────────────────────────────────────────────────
  derivativeChildAge: entry<{ name: string; age: number; filingDate: string }>({
    code: 'AP1401', name: 'derivative-child-age', title: 'Child may not qualify as a derivative', severity: 'warning',
    message: (a) => `${a.name} is ${a.age} on the filing date ${a.filingDate}; a child is a derivative only if unmarried and under 21`,
    hint: () => 'check the Child Status Protection Act; otherwise set includeAsDerivative to false and prepare a separate application',
  }),
  derivativeChildMarried: entry<{ name: string; status: string }>({
    code: 'AP1409', name: 'derivative-child-married', title: 'Married child included as a derivative', severity: 'warning',
    message: (a) => `${a.name} is included as a derivative but is ${a.status}; a child is a derivative only if unmarried and under 21`,
    hint: () => 'set includeAsDerivative to false and prepare a separate application for this child, or correct maritalStatus',
  }),
  witnessRoleMissing: entry<{ name: string; kind: 'lay' | 'expert'; field: string }>({
    code: 'AP1410', name: 'witness-role-missing', title: 'Witness without relationship or expertise', severity: 'warning',
    message: (a) => `${a.name} is ${a.kind === 'lay' ? 'a lay witness without a relationship to the respondent' : 'an expert witness without a field of expertise'}; the witness list says only "${a.kind === 'lay' ? 'Lay witness' : 'Expert witness'}"`,
    hint: (a) => (a.field === 'relationship' ? 'add "relationship", e.g. "Neighbour in Comayagüela"' : 'add "expertise", e.g. "Licensed clinical psychologist"'),
  }),
  lateFiling: entry<{ deadline: string; filedOn: string; days: number }>({
    code: 'AP1402', name: 'late-filing', title: 'Filed after the one-year deadline', severity: 'warning',
    message: (a) => `filed on ${a.filedOn}, ${a.days} day${a.days === 1 ? '' : 's'} after the one-year deadline of ${a.deadline}, and no exception is claimed`,
    hint: () => 'asylum is barred unless an exception applies: add exceptions.oneYearDeadline (changed or extraordinary circumstances)',
  }),
  ignoredForProceeding: entry<{ field: string; type: string }>({
    code: 'AP1403', name: 'ignored-for-proceeding', title: 'Field does not apply to this proceeding', severity: 'warning',
    message: (a) => `${q(a.field)} does not apply to ${a.type === 'affirmative' ? 'an' : 'a'} ${a.type} case and is ignored`,
    hint: () => 'check proceeding.type, or remove the field',
  }),
  missingDhsService: entry({
    code: 'AP1404', name: 'missing-dhs-service', title: 'No DHS service details', severity: 'warning',
    message: () => 'proceeding.dhsService is missing, so no certificate of service can be prepared; the court does not consider a filing without one',
    hint: () => 'add the ICE Office of the Principal Legal Advisor (office, address) and the method of service',
  }),
  missingEoirId: entry({
    code: 'AP1405', name: 'missing-eoir-id', title: 'Representative has no EOIR ID', severity: 'warning',
    message: () => 'representative.eoirId is missing; attorneys filing with the immigration court need their EOIR ID on the cover page',
    hint: () => 'add the EOIR ID from the attorney\'s EOIR registration',
  }),
  missingAsylumOffice: entry({
    code: 'AP1406', name: 'missing-asylum-office', title: 'No asylum office', severity: 'warning',
    message: () => 'proceeding.asylumOffice is missing; the headings of the declaration and the checklist cannot name the asylum office that will interview the applicant',
    hint: () => 'add the asylum office that has jurisdiction over the applicant\'s address',
  }),
  socialGroupWithoutGround: entry({
    code: 'AP1407', name: 'social-group-without-ground', title: 'Social group given but not claimed', severity: 'warning',
    message: () => '"particularSocialGroup" is given but "particular-social-group" is not among claim.grounds; it will not be used',
    hint: () => 'add "particular-social-group" to claim.grounds, or remove particularSocialGroup',
  }),

  // ── pipelines ──────────────────────────────────────────────────────────────
  pipelineSyntax: entry<{ detail: string }>({
    code: 'AP2001', name: 'pipeline-syntax', title: 'Pipeline file is not valid YAML or JSON', severity: 'error',
    message: (a) => `the pipeline file is broken here: ${a.detail}`,
    hint: () => 'check the indentation (spaces, not tabs) and the quotes around values with a colon or braces',
  }),
  pipelineField: entry<{ detail: string }>({
    code: 'AP2002', name: 'pipeline-field', title: 'Pipeline field not valid', severity: 'error',
    message: (a) => a.detail,
  }),
  unknownStepKind: entry<{ kind: string; known: string[]; suggestion?: string }>({
    code: 'AP2003', name: 'unknown-step-kind', title: 'Unknown step kind', severity: 'error',
    message: (a) => `unknown step kind ${q(a.kind)}` + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : '') + `; the kinds are: ${a.known.join(', ')}`,
  }),
  templateMissing: entry<{ template: string; resolved: string }>({
    code: 'AP2004', name: 'template-missing', title: 'Template not found', severity: 'error',
    message: (a) => `the template ${q(a.template)} does not exist (looked for ${a.resolved})`,
    hint: () => 'templates are named relative to the templates folder, e.g. "declaration.docx"',
  }),
  outputTwice: entry<{ output: string; firstStep: number }>({
    code: 'AP2005', name: 'output-twice', title: 'Two steps write the same file', severity: 'error',
    message: (a) => `the output ${q(a.output)} is already written by step ${a.firstStep}; each output needs its own name`,
  }),
  stepReference: entry<{ ref: string; why: string }>({
    code: 'AP2006', name: 'step-reference', title: 'Reference to a step that does not run before', severity: 'error',
    message: (a) => `uses ${q(a.ref)}, which ${a.why}`,
    hint: () => 'a step can only use what an earlier step of the same pipeline produced; give that step an id and put it first',
  }),
  outputName: entry<{ output: string; detail: string }>({
    code: 'AP2007', name: 'output-name', title: 'Output name not usable', severity: 'error',
    message: (a) => `the output name ${q(a.output)} ${a.detail}`,
    hint: () => 'write a plain file name such as "{{caseId}}-declaration.docx"',
  }),
  pipelineNameTwice: entry<{ name: string; other: string }>({
    code: 'AP2008', name: 'pipeline-name-twice', title: 'Two pipelines with the same name', severity: 'error',
    message: (a) => `the pipeline name ${q(a.name)} is also used by ${a.other}; names must be unique (they name the output folders)`,
  }),
  whenPath: entry<{ path: string; suggestion?: string }>({
    code: 'AP2009', name: 'when-path', title: 'Condition names an unknown field', severity: 'error',
    message: (a) => `"when" names ${q(a.path)}, which is not a field of the intake or the derived values` + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''),
  }),

  // ── templates ──────────────────────────────────────────────────────────────
  templateSyntax: entry<{ detail: string }>({
    code: 'AP2101', name: 'template-syntax', title: 'Template cannot be read', severity: 'error',
    message: (a) => a.detail,
    hint: () => 'correct the tag: in Word templates tags are written {name} and loops {#list}…{/list}; in text templates {{name}} and {{#each list}}…{{/each}}',
  }),
  templateValueMissing: entry<{ tag: string }>({
    code: 'AP2102', name: 'template-value-missing', title: 'Template names a value the case does not have', severity: 'error',
    message: (a) => `the tag ${a.tag} has no value for this case; a filing never shows a blank or "undefined" in its place`,
    hint: () => 'fill in the field in the intake, or show the tag only when the field has a value: {#field}…{/field} in Word, {{#if field}}…{{/if}} in text templates',
  }),
  templateUnknownPath: entry<{ tag: string; path: string; suggestion?: string }>({
    code: 'AP2103', name: 'template-unknown-path', title: 'Template tag names an unknown field', severity: 'error',
    message: (a) => `the tag ${a.tag} names ${q(a.path)}, which is not a field templates can use` + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''),
    hint: () => 'the fields are those of the intake file, derived.* and the lists described in src/render/model.ts',
  }),
  templateUnknownFilter: entry<{ tag: string; filter: string; known: string[]; suggestion?: string }>({
    code: 'AP2104', name: 'template-unknown-filter', title: 'Template uses an unknown filter', severity: 'error',
    message: (a) => `the tag ${a.tag} uses the filter ${q(a.filter)}, which does not exist` + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : '') + `; the filters are: ${a.known.join(', ')}`,
  }),
  templateRender: entry<{ detail: string }>({
    code: 'AP2105', name: 'template-render', title: 'Template could not be filled in', severity: 'error',
    message: (a) => a.detail,
  }),

  // ── building a case ────────────────────────────────────────────────────────
  noPipeline: entry<{ caseId: string }>({
    code: 'AP3001', name: 'no-pipeline', title: 'No pipeline applies to the case', severity: 'error',
    message: (a) => `no pipeline's "when" matches case ${q(a.caseId)}, so nothing would be built`,
    hint: () => 'check proceeding.type, or the "when" of the pipelines',
  }),
  stepFailed: entry<{ detail: string }>({
    code: 'AP3002', name: 'step-failed', title: 'A step of the pipeline failed', severity: 'error',
    message: (a) => a.detail,
  }),
  caseBuiltTwice: entry<{ caseId: string; pipeline: string; other: string; published: boolean; queued?: boolean }>({
    code: 'AP3004', name: 'case-built-twice', title: 'Two intake files build the same case', severity: 'error',
    message: (a) =>
      a.published
        ? `${a.other} made the published filing of case ${q(a.caseId)} with the pipeline ${q(a.pipeline)} and still names that case; this file would overwrite it`
        : a.queued
          ? `${a.other} owns case ${q(a.caseId)} with the pipeline ${q(a.pipeline)} on the build queue and still names that case; this file would overwrite it`
          : `${a.other} already built case ${q(a.caseId)} with the pipeline ${q(a.pipeline)} in this run; this file would overwrite it`,
    hint: () => 'give each case its own caseId; if this file replaces the other, remove the other file (or change its caseId) and this one is built',
  }),
  outputWrite: entry<{ detail: string }>({
    code: 'AP3003', name: 'output-write', title: 'Output could not be written', severity: 'error',
    message: (a) => `the output could not be written: ${a.detail}`,
    hint: () => 'check the free disk space and the permissions of the output folder; the previous output was kept',
  }),
  caseTimeLimit: entry<{ seconds: number; where: string }>({
    code: 'AP3005', name: 'case-time-limit', title: 'The case took longer than its time limit', severity: 'error',
    message: (a) => `the case was still building after ${a.seconds.toLocaleString('en-US')} second${a.seconds === 1 ? '' : 's'}, the time limit for one case; it was stopped ${a.where}`,
    hint: () => 'look for an exhibit that is unusually large or slow to open (split it, or print it to a new PDF); raise the limit with --limit case-seconds=<n> if the case really is that large',
  }),
  queueUnreachable: entry<{ address: string; detail: string }>({
    code: 'AP3020', name: 'queue-unreachable', title: 'The build queue cannot be reached', severity: 'error',
    message: (a) => `the build queue at ${a.address} could not be reached: ${a.detail}`,
    hint: () => 'start Redis (redis-server) or check the address, its password and TLS (rediss://); without --queue the cases build on this machine',
  }),
  caseLeaseLost: entry<{ caseId: string; detail: string }>({
    code: 'AP3021', name: 'case-lease-lost', title: 'The worker lost its lease on the case', severity: 'error',
    message: (a) => `the worker's lease on case ${q(a.caseId)} was lost before publishing (${a.detail}); nothing was published`,
    hint: () => 'the case is built again by the queue; if this repeats, check that the workers reach Redis and are not overloaded (or raise --lease)',
  }),
  queueJobLost: entry<{ address: string; detail: string }>({
    code: 'AP3022', name: 'queue-job-lost', title: 'The case did not run: the queue lost it', severity: 'error',
    message: (a) => `the case did not run: the build queue at ${a.address} ${a.detail}`,
    hint: () => 'build the case again; keep Redis\'s data across restarts (appendonly yes) so that queued cases survive one',
  }),
  caseBusy: entry<{ caseId: string; seconds: number }>({
    code: 'AP3023', name: 'case-busy', title: 'Another worker kept the case too long', severity: 'error',
    message: (a) => `another worker was still building case ${q(a.caseId)} after ${a.seconds} seconds; this build of it did not start`,
    hint: () => 'look at the workers\' logs for the case; build it again once the other build has finished',
  }),
  notSignedIn: entry<Record<string, never>>({
    code: 'AP3030', name: 'not-signed-in', title: 'The web app\'s token is missing or wrong', severity: 'error',
    message: () => 'this request did not carry the token of this `asylum-packet serve`: it was refused',
    hint: () => 'open the address `asylum-packet serve` printed when it started (it ends with ?token=…); a token of an earlier start no longer works',
  }),
  intakeChanged: entry<{ file: string }>({
    code: 'AP3031', name: 'intake-changed', title: 'Not saved: the case was changed elsewhere', severity: 'error',
    message: (a) => `not saved: ${q(a.file)} was changed elsewhere (another tab, another person or a program) since this form opened it; nothing was written`,
    hint: () => 'your edits are still in the form: copy what you need, then reload the case to see the other version and make them again',
  }),
  intakeExists: entry<{ file: string }>({
    code: 'AP3032', name: 'intake-exists', title: 'An intake of that name exists', severity: 'error',
    message: (a) => `an intake named ${q(a.file)} is in the folder already; nothing was written`,
    hint: () => 'choose another file name for the new case, or open the existing one',
  }),
  uploadRefused: entry<{ file: string; reason: string }>({
    code: 'AP3033', name: 'upload-refused', title: 'Upload refused', severity: 'error',
    message: (a) => `the upload ${q(a.file)} was refused: ${a.reason}`,
    hint: () => 'give the file a plain name (letters, digits, dots and dashes); split or compress a file over the size limit',
  }),
  badRequest: entry<{ detail: string }>({
    code: 'AP3034', name: 'bad-request', title: 'The web app sent a request the server cannot take', severity: 'error',
    message: (a) => `the request was refused: ${a.detail}`,
    hint: () => 'reload the page; if this repeats, report it with `asylum-packet report`',
  }),
  webAppMissing: entry<{ folder: string }>({
    code: 'AP3035', name: 'web-app-missing', title: 'The web app is not built', severity: 'error',
    message: (a) => `the web app's files are not in ${q(a.folder)}`,
    hint: () => 'run `npm run build` in the asylum-packet folder (it builds the web app with Vite), then start `asylum-packet serve` again',
  }),
  converterMissing: entry<{ document: string; detail: string }>({
    code: 'AP3010', name: 'converter-missing', title: 'LibreOffice is needed to make the PDF', severity: 'error',
    message: (a) => `${a.document} must be converted to PDF for this filing, and cannot be: ${a.detail}`,
    hint: () => `${INSTALL_HINT}; or mark the convert step optional: true in the pipeline`,
  }),
  conversionSkipped: entry<{ detail: string }>({
    code: 'AP3011', name: 'conversion-skipped', title: 'Word documents not converted to PDF', severity: 'warning',
    message: (a) => `the Word documents were not converted to PDF, so the filing's PDF holds what it can without them: ${a.detail}`,
    hint: () => INSTALL_HINT,
  }),
  checkNeedsOcr: entry<{ detail: string }>({
    code: 'AP3013', name: 'check-needs-ocr', title: 'Tesseract is needed to compare the goldens', severity: 'error',
    message: (a) => `the goldens hold the image pages Tesseract reads, so without it they can be neither compared nor rewritten (${a.detail})`,
    hint: () => OCR_INSTALL_HINT,
  }),
  conversionFailed: entry<{ document: string; detail: string }>({
    code: 'AP3012', name: 'conversion-failed', title: 'A Word document could not be converted to PDF', severity: 'error',
    message: (a) => `${a.document} could not be converted to PDF: ${a.detail}`,
    hint: () => 'open the document in Word or LibreOffice to see whether it is damaged; when LibreOffice hung or crashed it was restarted: build the case again',
  }),
  lateForHearing: entry<{ deadline: string; filingDate: string; hearing: string; rule: string }>({
    code: 'AP1408', name: 'late-for-hearing', title: 'Filed after the court deadline', severity: 'warning',
    message: (a) => `the filing date ${a.filingDate} is after the court's deadline of ${a.deadline} for the hearing on ${a.hearing} (${a.rule})`,
    hint: () => 'file as soon as possible with a motion to accept the late filing, or ask the court for a new deadline',
  }),

  // ── exhibits and the packet ────────────────────────────────────────────────
  exhibitUnreadable: entry<{ exhibit: string; file: string; detail: string }>({
    code: 'AP4001', name: 'exhibit-unreadable', title: 'Exhibit cannot be used', severity: 'error',
    message: (a) => `${a.exhibit} (${a.file}): ${a.detail}`,
  }),
  imageTooLarge: entry<{ exhibit: string; file: string; detail: string }>({
    code: 'AP4002', name: 'image-too-large', title: 'Exhibit image has too many pixels', severity: 'error',
    message: (a) => `${a.exhibit} (${a.file}): ${a.detail}; it was refused before decoding`,
    hint: () => 'scan the document again at 300 dpi (or take the photo again at a normal size), and use that copy',
  }),
  streamTooLarge: entry<{ exhibit: string; file: string; detail: string }>({
    code: 'AP4003', name: 'stream-too-large', title: 'Exhibit PDF expands too much', severity: 'error',
    message: (a) => `${a.exhibit} (${a.file}): ${a.detail}`,
    hint: () => 'open the file in a PDF viewer and print it to a new PDF, or scan the paper again at 300 dpi, and use that copy',
  }),
  exhibitTooManyPages: entry<{ exhibit: string; file: string; detail: string }>({
    code: 'AP4004', name: 'exhibit-too-many-pages', title: 'Exhibit has too many pages', severity: 'error',
    message: (a) => `${a.exhibit} (${a.file}): ${a.detail}`,
    hint: () => 'file only the pages that matter (extract them into a new PDF), or split the document into several exhibits',
  }),
  packetTooManyPages: entry<{ pages: number; limit: number; largest: string }>({
    code: 'AP4005', name: 'packet-too-many-pages', title: 'Packet has too many pages', severity: 'error',
    message: (a) => `the exhibits and documents of the packet have ${a.pages.toLocaleString('en-US')} pages together, more than the limit of ${a.limit.toLocaleString('en-US')} for one packet (largest: ${a.largest})`,
    hint: () => 'file only the pages that matter of the longest exhibits (extract them into new PDFs); a filing this long is not accepted in one piece anyway',
  }),
  missingGlyphs: entry<{ chars: string; where: string }>({
    code: 'AP4101', name: 'missing-glyphs', title: 'Characters the font cannot show', severity: 'warning',
    message: (a) => `the packet's font has no glyph for ${a.chars} (in ${a.where}); they are printed as □`,
    hint: () => 'check those names and titles on the generated pages, or write them in Latin letters as on the passport',
  }),
  documentExhibitMissing: entry<{ step: string; tab: string }>({
    code: 'AP4006', name: 'document-exhibit-missing', title: 'A document filed as an exhibit was not made', severity: 'error',
    message: (a) => `the pipeline files the document of step "${a.step}" as the exhibit at Tab ${a.tab} (exhibits.documents), but that step wrote no PDF, so the tabs would not match the documents that cite them`,
    hint: () => 'make sure the step writes its PDF (install LibreOffice for a convert step: see the notice above), or remove it from exhibits.documents',
  }),
  signedScanPages: entry<{ file: string; page: string; got: number; pages: number }>({
    code: 'AP4007', name: 'signed-scan-pages', title: 'A signed scan has the wrong number of pages', severity: 'error',
    message: (a) => `${a.file} has ${a.got} page${a.got === 1 ? '' : 's'}, and what it signs, ${a.page}, has ${a.pages}: put in its place, it would change the filing's page numbers`,
    hint: (a) => `scan exactly the ${a.pages} page${a.pages === 1 ? '' : 's'} the checklist lists for it, signed, into ${a.file}; or move the scan out of the signed folder to file the page unsigned`,
  }),
  exhibitSplit: entry<{ exhibit: string; parts: string }>({
    code: 'AP4102', name: 'exhibit-split', title: 'Exhibit split across volumes', severity: 'warning',
    message: (a) => `${a.exhibit} is larger than the file-size limit on its own, so it was split at page boundaries across ${a.parts}`,
    hint: () => 'say so in the cover letter or the filing; check that no part exceeds the limit',
  }),
  partOverLimit: entry<{ file: string; size: string; limit: string }>({
    code: 'AP4104', name: 'part-over-limit', title: 'A file of the filing is over the size limit', severity: 'warning',
    message: (a) => `${a.file} is ${a.size}, over the limit of ${a.limit} (maxFileSizeMB): it holds a page larger than the limit on its own, which cannot be cut smaller`,
    hint: () => 'reduce that page (scan it again at a lower resolution, or as a compressed image), then build again; ECAS refuses a file over 25 MB',
  }),
  ocrSkipped: entry<{ pages: number; detail: string }>({
    code: 'AP4106', name: 'ocr-skipped', title: 'Image pages without searchable text', severity: 'warning',
    message: (a) => `${a.pages} image page${a.pages === 1 ? '' : 's'} of the filing (photos, scans) have no searchable text: ${a.detail}`,
    hint: () => OCR_INSTALL_HINT,
  }),
  ocrLanguageMissing: entry<{ language: string; files: number; install: string }>({
    code: 'AP4107', name: 'ocr-language-missing', title: 'No OCR data for a language of the evidence', severity: 'warning',
    message: (a) => `Tesseract has no data for ${a.language}: ${a.files} image file${a.files === 1 ? '' : 's'} in ${a.language} were read as English only, and their words may be read wrongly`,
    hint: (a) => `${a.install}, then build again`,
  }),
  ocrFailed: entry<{ exhibit: string; detail: string }>({
    code: 'AP4108', name: 'ocr-failed', title: 'An image could not be read by OCR', severity: 'warning',
    message: (a) => `${a.exhibit}: its image pages have no searchable text, because OCR failed (${a.detail})`,
    hint: () => 'the page is in the filing as it is; scan it again more sharply if its text should be searchable',
  }),
  exhibitRepaired: entry<{ exhibit: string; file: string; tool: string }>({
    code: 'AP4103', name: 'exhibit-repaired', title: 'Damaged exhibit repaired', severity: 'warning',
    message: (a) => `${a.exhibit} (${a.file}) was damaged and was repaired with ${a.tool}`,
    hint: () => 'compare its pages in the packet with the original before filing',
  }),

  // ── fillable forms and field maps ──────────────────────────────────────────
  formMissing: entry<{ form: string; resolved: string; download: string }>({
    code: 'AP5001', name: 'form-missing', title: 'Official form not found', severity: 'error',
    message: (a) => `the form ${q(a.form)} is not there (looked for ${a.resolved}); it is not shipped with asylum-packet`,
    hint: (a) => `download the current edition from ${a.download} and save it as ${a.resolved}`,
  }),
  formUnreadable: entry<{ detail: string }>({
    code: 'AP5002', name: 'form-unreadable', title: 'Form cannot be opened', severity: 'error',
    message: (a) => `the form cannot be opened: ${a.detail}`,
    hint: () => 'download the form again from the agency\'s site; do not open and re-save it in a browser first',
  }),
  formNoFields: entry({
    code: 'AP5003', name: 'form-no-fields', title: 'PDF has no fillable fields', severity: 'error',
    message: () => 'the PDF has no fillable fields (no AcroForm): it is a printed or flattened copy, not the fillable form',
    hint: () => 'download the fillable form itself; `asylum-packet form-fields <pdf>` lists the fields a PDF has',
  }),
  formUnknownField: entry<{ field: string; edition: string; suggestion?: string }>({
    code: 'AP5004', name: 'form-unknown-field', title: 'Field map names a field the form lacks', severity: 'error',
    message: (a) => `${a.edition} has no field ${q(a.field)}` + (a.suggestion ? `; did you mean ${q(a.suggestion)}?` : ''),
    hint: () => 'the field names differ between editions of a form: list this edition\'s with `asylum-packet form-fields <pdf>`, and correct the field map',
  }),
  formBadOption: entry<{ field: string; value: string; allowed: string[] }>({
    code: 'AP5005', name: 'form-bad-option', title: 'Value the form field does not offer', severity: 'error',
    message: (a) => `the field ${q(a.field)} cannot take ${q(a.value)}; it offers ${a.allowed.map(q).join(', ')}`,
    hint: () => 'use one of the export values that `asylum-packet form-fields <pdf>` lists for this field',
  }),
  formFieldKind: entry<{ field: string; kind: string; entry: string }>({
    code: 'AP5006', name: 'form-field-kind', title: 'Field map entry does not fit the field', severity: 'error',
    message: (a) => `the field ${q(a.field)} is a ${a.kind}, which cannot be given ${a.entry}`,
    hint: () => 'text fields take "value"; check boxes take "checked"; radio groups and dropdowns take "select"',
  }),
  formSkipped: entry<{ form: string; resolved: string; download: string }>({
    code: 'AP5101', name: 'form-skipped', title: 'Optional form not filled', severity: 'warning',
    message: (a) => `the form ${q(a.form)} was not filled because it is not there (looked for ${a.resolved})`,
    hint: (a) => `download it from ${a.download} and save it as ${a.resolved} to have it filled`,
  }),
  formOverflow: entry<{ label: string; form: string }>({
    code: 'AP5102', name: 'form-overflow', title: 'Answer continued on the continuation page', severity: 'warning',
    message: (a) => `the answer to ${a.label} does not fit on ${a.form}: it is continued on the form's continuation page (Supplement B), and the field says "See Supplement B"`,
    hint: () => 'the applicant signs every continuation page; file them with the form',
  }),
  formUnanswered: entry<{ form: string; count: number; questions: string[] }>({
    code: 'AP5103', name: 'form-unanswered', title: 'Questions of the form the intake does not answer', severity: 'warning',
    message: (a) => `${a.form}: the intake does not answer ${a.count} question${a.count === 1 ? '' : 's'} the form requires; they say "N/A" or their boxes are left unchecked:\n        ${a.questions.join('\n        ')}`,
    hint: () => 'add those fields to the intake (each is named after the colon); an I-589 with questions left unanswered is incomplete (8 CFR 1208.3(c)(3))',
  }),
  formValue: entry<{ label: string; form: string; detail: string }>({
    code: 'AP5104', name: 'form-value', title: 'Answer the form field cannot take', severity: 'warning',
    message: (a) => `${a.form}, ${a.label}: ${a.detail}; the field was left for you to fill by hand`,
    hint: () => 'correct the value in the intake, or write the answer on the printed form',
  }),
  formEditionUnverified: entry<{ edition: string; verified: string[] }>({
    code: 'AP5105', name: 'form-edition-unverified', title: 'Form edition the field map was not verified against', severity: 'warning',
    message: (a) => `${a.edition} is not an edition the field map was verified against (${a.verified.length ? a.verified.map((e) => `Rev. ${e}`).join(', ') : 'none listed'}); fields may have moved or changed meaning`,
    hint: () => 'compare the filled form with the printed questions page by page (`asylum-packet form-fields <pdf> --coverage <intake>`), then add the edition to the map\'s `editions`',
  }),
  formEditionNotAccepted: entry<{ edition: string; accepted: string[]; checked: string; source: string; verified: boolean }>({
    code: 'AP5106', name: 'form-edition-not-accepted', title: 'Form edition the agency may not accept', severity: 'warning',
    message: (a) =>
      `${a.edition} is not the edition the agency accepts according to the editions table (checked ${a.checked}${a.verified ? '' : ', from secondary sources'}: ${a.accepted.map((e) => `Rev. ${e}`).join(', ')}); a filing on an edition the agency no longer takes is rejected`,
    hint: (a) => `check ${a.source}; download the accepted edition, verify the field map against it, and update pipelines/forms/editions.yaml`,
  }),
  formNoContinuation: entry<{ form: string }>({
    code: 'AP5007', name: 'form-no-continuation', title: 'Answers that do not fit, and no continuation page', severity: 'error',
    message: (a) => `some answers do not fit on ${a.form}, and its field map names no continuation page to continue them on`,
    hint: () => 'give the map a `continuation:` block naming the fields of the form\'s continuation page (Supplement B of the I-589)',
  }),

  // ── the record of what was filed ───────────────────────────────────────────
  filingRecordedTwice: entry<{ stage: string; date: string; snapshot: string }>({
    code: 'AP6001', name: 'filing-recorded-twice', title: 'This filing is already recorded', severity: 'error',
    message: (a) => `the ${a.stage} filing of ${a.date} is already recorded (${a.snapshot}); a record of what was filed is never replaced`,
    hint: () => 'if the date or the stage is wrong, give the right one; a record made by mistake is removed by hand, with the priorFilings entry that names it',
  }),
  filingNotBuilt: entry<{ pipeline: string; detail: string }>({
    code: 'AP6002', name: 'filing-not-built', title: 'The filing to record is not built from this intake', severity: 'error',
    message: (a) => `the ${a.pipeline} filing ${a.detail}, so its documents are not what this intake says`,
    hint: () => 'build the case (asylum-packet build <intake>), check the documents, and record the filing again',
  }),
  differencesUnacknowledged: entry<{ count: number; list: string[] }>({
    code: 'AP6004', name: 'differences-unacknowledged', title: 'Differences from an earlier filing not acknowledged', severity: 'error',
    message: (a) => `${a.count} difference${a.count === 1 ? '' : 's'} from an earlier filing ${a.count === 1 ? 'is' : 'are'} not acknowledged, and this filing requires each to be: ${a.list.join('; ')}`,
    hint: () => 'a judge may weigh any inconsistency with what was filed before: correct the intake if the change was a mistake, or add each difference to "acknowledgements" with its id and the reason it changed',
  }),
  differencesFound: entry<{ count: number; stage: string; date: string; report: string }>({
    code: 'AP6005', name: 'differences-found', title: 'Differences from an earlier filing', severity: 'warning',
    message: (a) => `${a.count} difference${a.count === 1 ? '' : 's'} from the ${a.stage} filing of ${a.date} ${a.count === 1 ? 'is' : 'are'} not acknowledged (see ${a.report})`,
    hint: () => 'read the consistency report; a deliberate change is acknowledged in the intake\'s "acknowledgements", with its id and the reason',
  }),
  snapshotNotCompared: entry<{ stage: string; date: string; detail: string }>({
    code: 'AP6006', name: 'snapshot-not-compared', title: 'An earlier filing could not be compared', severity: 'warning',
    message: (a) => `the ${a.stage} filing of ${a.date} was not compared: ${a.detail}`,
    hint: () => 'the snapshot should be the intake exactly as it was filed (asylum-packet record-filing keeps it)',
  }),
  summaryNotInDeclaration: entry<{ count: number; list: string[]; report: string }>({
    code: 'AP6007', name: 'summary-not-in-declaration', title: 'The claim summary states what the declaration does not', severity: 'warning',
    message: (a) => `the declaration's events do not support ${a.count === 1 ? 'a statement' : `${a.count} statements`} of the claim summary (the cover letter's) or of claim.persecutors: ${a.list.join('; ')} (see ${a.report})`,
    hint: () => 'a judge may weigh what one filing says and the other does not: add the fact to the event of the declaration it belongs to, or take it out of claim.summary (and check claim.persecutors)',
  }),
  filingStageMismatch: entry<{ stage: string; type: string; expected: string }>({
    code: 'AP6003', name: 'filing-stage-mismatch', title: 'The stage does not match the proceeding', severity: 'error',
    message: (a) => `a ${a.stage} filing is recorded for a case whose proceeding.type is "${a.type}"; it takes ${a.expected}`,
    hint: () => 'record an affirmative filing while the case is before USCIS; once it is referred, set proceeding.type to "defensive", build, and record the defensive filing',
  }),

  // ── filing rules ───────────────────────────────────────────────────────────
  filingRulesStop: entry<{ count: number; stopOn: string; list: string[] }>({
    code: 'AP6101', name: 'filing-rules-stop', title: 'A filing rule stops this build', severity: 'error',
    message: (a) => `${a.count === 1 ? 'a filing rule finds' : `${a.count} filing rules find`} what this pipeline does not build with (rules.stopOn: ${a.stopOn}): ${a.list.join('; ')}`,
    hint: () => 'fix what each rule says in the intake (asylum-packet check-rules shows each with its source), or take its severity out of the pipeline\'s rules.stopOn',
  }),
  filingRulesFound: entry<{ errors: string[]; warnings: string[] }>({
    code: 'AP6102', name: 'filing-rules-found', title: 'Filing rules to look at', severity: 'warning',
    message: (a) =>
      `the filing rules find ${[
        a.errors.length ? `${a.errors.length} error${a.errors.length === 1 ? '' : 's'} (${a.errors.join(', ')})` : '',
        a.warnings.length ? `${a.warnings.length} warning${a.warnings.length === 1 ? '' : 's'} (${a.warnings.join(', ')})` : '',
      ].filter(Boolean).join(' and ')}; they did not stop the build`,
    hint: () => 'the filing checklist gives each with its source, as asylum-packet check-rules <intake> does; a pipeline\'s rules.stopOn makes them stop the build',
  }),
} as const;

export type CatalogueKey = keyof typeof catalogue;
type ArgsOf<K extends CatalogueKey> = Parameters<(typeof catalogue)[K]['message']>[0];

/** Builds a problem from its catalogue entry. `hint` overrides the entry's hint. */
export function problem<K extends CatalogueKey>(key: K, args: ArgsOf<K>, location: Location, hint?: string): Problem {
  const e = catalogue[key] as Entry<ArgsOf<K>>;
  const h = hint ?? e.hint?.(args);
  return {
    code: e.code,
    name: e.name,
    severity: e.severity,
    message: e.message(args),
    ...(h ? { hint: h } : {}),
    location,
  };
}

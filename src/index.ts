/**
 * asylum-packet as a library. Nothing here prints or exits the process: results and problems are
 * returned, and the command line (src/cli) decides what to show and which exit code to use.
 */
export { catalogue, problem, type CatalogueKey } from './errors/catalogue.js';
export { formatLocation, hasErrors, PacketError, type Location, type Problem, type Severity } from './errors/problem.js';
export { validateIntakeFile, validateIntakeBytes, localToday, type Case, type IntakeResult, type ValidateOptions } from './intake/validate.js';
export { intakeSchema, type Intake } from './intake/schema.js';
export { intakeJsonSchema } from './intake/json-schema.js';
export { derive, fullName, type Derived, type Derivative, type OneYearPosition } from './intake/derive.js';
export { oneYearDeadline, type OneYearDeadline } from './intake/deadline.js';
export { federalHolidays, federalHoliday, isBusinessDay, nextBusinessDay } from './intake/holidays.js';
export { normaliseANumber } from './intake/formats.js';
export { languageName } from './intake/codes.js';
export { CaseBuilder, type CaseBuilderOptions, type CaseProgress } from './builder/case-builder.js';
export type { CaseBuild, PipelineOutput } from './builder/build-case.js';
export type { Builder, CaseClaimer } from './builder/builder.js';
export { loadPipelines, loadPipelineFile, type Pipeline, type Step } from './pipeline/load.js';
export { pipelineJsonSchema } from './pipeline/schema.js';
export { runPipeline } from './pipeline/run.js';
export { STEP_KINDS } from './steps/index.js';
export { lintTemplates, type TemplateLint } from './lint/templates.js';
export { buildModel, modelSchema, type Model } from './render/model.js';
export { renderDocx } from './render/docx.js';
export { renderText } from './render/text.js';
export { FILTERS } from './render/filters.js';
export { courtFilingDeadline, EOIR_FILING_RULES } from './intake/court-deadlines.js';
export { DEFAULT_PIPELINES_DIR, DEFAULT_TEMPLATES_DIR } from './paths.js';

/**
 * What templates see: the intake as written (field names of INTAKE.md), the derived values, and
 * a few lists prepared for documents — the chronology in date order with paragraph numbers, the
 * exhibits with their tabs, the translations that need a certificate. Described by a zod schema
 * so that `lint-templates` can check every tag's path before a case runs.
 */
import { z } from 'zod';
import { compareIsoDates } from '../intake/calendar.js';
import { languageName } from '../intake/codes.js';
import { fullName } from '../intake/derive.js';
import { derivedSchema } from '../intake/derived-schema.js';
import { applicantSchema, evidenceSchema, familyMemberSchema, intakeSchema, translatorSchema } from '../intake/schema.js';
import type { Case } from '../intake/validate.js';
import { NO_RULES } from '../filing-rules/in-build.js';
import type { LastFiling } from '../history/last-filing.js';
import { declarationOf, declarationSchema } from './declaration.js';
import { enclosuresOf, filingAddressOf, filingAddressSchema, proofSchema } from './enclosures.js';
import { FILTERS } from './filters.js';
import { matterOf, respondentSchema, respondentsOf } from './parties.js';
import { witnessEntrySchema, witnessListOf } from './witnesses.js';
import { tabLabel, type TabStyle } from './tabs.js';
import { METHOD_WORDS, addressLine, serviceStatement, translationCertification } from './wording.js';

const CATEGORY_NAMES = {
  identity: 'Identity and nationality',
  persecution: 'Persecution',
  medical: 'Medical and psychological',
  witness: 'Witness statements',
  'country-conditions': 'Country conditions',
  other: 'Other evidence',
} as const;

const exhibitSchema = z.strictObject({
  tab: z.string().describe('Tab label: A, B, … Z, AA, AB … (or 1, 2, … when the pipeline numbers tabs)'),
  number: z.number().describe('Position of the exhibit, from 1'),
  id: z.string(),
  title: z.string(),
  category: evidenceSchema.shape.category,
  categoryName: z.string().describe('The category in words, e.g. "Country conditions"'),
  file: z.string(),
  date: z.string().optional(),
  dateText: z.string().optional().describe('The date in words, e.g. "May 2, 2023"'),
  language: z.string(),
  languageName: z.string().describe('The language in words, e.g. "Spanish"'),
  translated: z.boolean().describe('Whether an English translation follows the original'),
  translation: evidenceSchema.shape.translation,
  pages: z.string().optional().describe('Page range in the packet, e.g. "12–15"; present only when a packet step ran earlier'),
  firstPage: z.number().optional(),
  lastPage: z.number().optional(),
  volume: z.number().optional().describe('The part of the filing (ECAS file) holding it, from 1; present only when the packet was split into parts'),
});

/** A part of the filing as the packet placed it: a document, an exhibit, a generated page. */
const filingPartSchema = z.strictObject({
  title: z.string().describe('What the part is, e.g. "Form I-589, Application for Asylum and for Withholding of Removal" or "Tab C: Police report"'),
  tab: z.string().optional().describe('Its tab, for an exhibit'),
  pages: z.string().describe('Its page range in the filing, as stamped, e.g. "12–15"'),
  volume: z.number().optional().describe('The part of the filing (ECAS file) holding it, from 1; present only when the packet was split into parts'),
});

/** A spouse or child as the forms need them: the intake's entry with a few answers worked out. */
const familyEntrySchema = familyMemberSchema.extend({
  fullName: z.string().describe('Given, middle and family names, e.g. "María Elena Castillo Mejía"'),
  inUS: z.boolean().describe('location is "in-us"'),
  abroad: z.boolean().describe('location is "abroad"'),
});

const paragraphSchema = z.strictObject({
  number: z.number().describe('Paragraph number in the declaration, from 1'),
  id: z.string(),
  date: z.string(),
  dateText: z.string().describe('"May 2, 2023", "May 2023" or "2023"'),
  datePhrase: z.string().describe('"On May 2, 2023", "In May 2023" or "In 2023", to open a sentence'),
  place: z.string(),
  narrative: z.string(),
  evidence: z.array(z.string()),
  exhibits: z.array(z.strictObject({ tab: z.string(), title: z.string() })).describe('The exhibits this event cites, with their tabs'),
});

const translationEntrySchema = z.strictObject({
  tab: z.string(),
  title: z.string(),
  date: z.string().optional(),
  dateText: z.string().optional(),
  language: z.string(),
  languageName: z.string(),
  file: z.string().describe('The translation file'),
  translator: translatorSchema,
  certification: z.string().describe('The translator\'s statement of competence and accuracy (the same words in Word and in the packet)'),
});

const ruleEntrySchema = z.strictObject({
  id: z.string().describe('The rule\'s stable id, e.g. "one-year-deadline"'),
  title: z.string().describe('The rule in a few words'),
  severity: z.enum(['error', 'warning', 'info', 'pass']),
  message: z.string(),
  source: z.string().describe('The statute, regulation or ICPM section it rests on'),
  path: z.string().optional().describe('The intake field to look at'),
  due: z.boolean().describe('It asks something of the user (its severity is not "pass")'),
});

const filingRulesSchema = z.strictObject({
  checked: z.boolean().describe('The rules were run: true in every step of a build'),
  errors: z.array(ruleEntrySchema),
  warnings: z.array(ruleEntrySchema),
  notes: z.array(ruleEntrySchema).describe('To do or to know (severity info), fees aside'),
  passed: z.array(ruleEntrySchema).describe('Passed, among the rules that apply to this filing'),
  fees: z.array(ruleEntrySchema).describe('The fee rules\' results, each a fee line'),
});

/** Everything a template may name. `item` is the current entry of a step with `forEach`. */
export const modelSchema = intakeSchema.extend({
  derived: derivedSchema,
  today: z.string().describe('The date of the build, YYYY-MM-DD'),
  needsInterpretation: z.boolean().describe('The applicant is not fluent in English: declarations need a certificate of interpretation'),
  isDefensive: z.boolean(),
  isAffirmative: z.boolean(),
  reliefNames: z.array(z.string()).describe('claim.relief in words, e.g. "withholding of removal"'),
  groundNames: z.array(z.string()).describe('claim.grounds in words, e.g. "membership in a particular social group"'),
  chronology: z.array(paragraphSchema).describe('events[] in date order, numbered'),
  declaration: declarationSchema.describe('The declaration\'s sections and numbered paragraphs, from the first to the last'),
  respondents: z
    .array(respondentSchema)
    .describe('Who is in the proceeding, as the caption lists them: the applicant first, then each derivative in the same proceeding (family[].inCourtProceedings, defensive only)'),
  witnessList: z.array(witnessEntrySchema).describe('The witnesses for the individual hearing, as the witness list prints them'),
  hasWitnesses: z.boolean(),
  hasRemoteWitnesses: z.boolean().describe('A witness testifies by telephone or video: the court\'s leave is needed'),
  witnessMinutes: z.number().describe('The estimated time of all witnesses, in minutes'),
  proofs: z.array(proofSchema).describe('The exhibits proving each derivative\'s relationship and the last arrival, by tab, for the cover letter'),
  unprovenRelationships: z.array(z.string()).describe('The derivatives no exhibit proves the relationship of (family[].relationshipEvidence)'),
  filingAddress: filingAddressSchema.optional().describe('Where USCIS wants this I-589 mailed, from the dated table of filing addresses; absent when the table has no row for the applicant\'s state'),
  made: z
    .record(z.string(), z.boolean())
    .describe('Whether each earlier step with an id wrote its document, by the id in camel case: made.i589 for the step "i-589", made.declarationPdf for "declaration-pdf"'),
  matterOf: z.string().describe('The matter in one line: each respondent with the A-number, in the caption\'s order, e.g. "José Antonio Núñez Ramírez, A-220-418-553"'),
  hasCoRespondents: z.boolean().describe('More than one respondent: the caption says "Respondents" and lists every A-number'),
  exhibits: z.array(exhibitSchema).describe('evidence[] in packet order, with tabs'),
  translations: z.array(translationEntrySchema).describe('The translated exhibits that need a certificate of translation (not those whose translation carries its own: translation.certificateIncluded)'),
  hasExhibits: z.boolean(),
  hasPageRanges: z.boolean().describe('Page ranges are known (a packet step ran earlier in the pipeline)'),
  documentExhibits: z
    .array(z.strictObject({ step: z.string().describe('The id of the step that made the document'), tab: z.string() }))
    .describe('The pipeline\'s own documents filed as the first exhibits (exhibits.documents), with their tabs, e.g. the declaration at Tab A'),
  filingParts: z.array(filingPartSchema).describe('Every part of the filing in order, with its pages; empty until a packet step ran earlier in the pipeline'),
  filingDocuments: z
    .array(filingPartSchema)
    .describe('The parts as the index of evidence lists them: each run of exhibits in one file as one row, "Exhibits at Tabs A through H (listed below)"; empty until a packet step ran earlier in the pipeline'),
  electronicSignature: z
    .string()
    .optional()
    .describe('"/s/ Sarah Okafor": the representative signs the certificate of service and the cover letter electronically (the pipeline\'s signatures.electronic, with a representative); absent, they are signed by hand'),
  signatures: z
    .array(
      z.strictObject({
        page: z.string().describe('What is signed, e.g. "Declaration of José Núñez" or "Certificate of translation, Tab B"'),
        signer: z.string().describe('Who signs it'),
        file: z.string().describe('The signed scan that takes its place: signed/<name>.pdf beside the intake'),
        pages: z.string().describe('Its pages in the filing, in words: "page 11", "pages 3–5"'),
        pageCount: z.number().describe('How many pages the scan must have'),
        scan: z.string().describe('What to scan, in words: "the signed page", "the 3 signed pages"'),
        signed: z.boolean().describe('The signed scan is in place in the filing'),
        electronic: z.boolean().describe('Signed electronically ("/s/ Name"): no scan needed'),
        inFiling: z.boolean().describe('It is in the filing; false for a document its step did not make (the form not downloaded, LibreOffice missing), to be signed on paper'),
      }),
    )
    .describe('Every page of the filing a person signs, and whether its signed scan is in; empty until a packet step ran earlier in the pipeline'),
  pagesWithoutText: z
    .array(z.strictObject({ what: z.string(), pages: z.string().describe('"page 19", "pages 3–5"'), why: z.string() }))
    .describe('The image pages of the filing (photos, scans) with no searchable text, and why; empty until a packet step ran earlier in the pipeline'),
  filingVolumes: z.number().describe('How many files (ECAS parts) the filing is written in; 0 until a packet step ran earlier in the pipeline'),
  firstTab: z.string().optional().describe('Tab of the first exhibit'),
  lastTab: z.string().optional().describe('Tab of the last exhibit'),
  serviceMethodText: z.string().optional().describe('How DHS is served, in words, e.g. "through the EOIR Courts & Appeals System (ECAS)"'),
  serviceStatements: z
    .strictObject({ witnessList: z.string().optional(), exhibitList: z.string().optional() })
    .describe('The certificates of service of the hearing lists, naming each list; absent without DHS service details'),
  serviceStatement: z.string().optional().describe('The certificate of service\'s statement: date, documents, party served, address, method (the same words in Word and in the packet)'),
  aNumberDigits: z.string().optional().describe('The A-number as 9 digits without "A" or dashes, e.g. "220418553" (for page-number prefixes)'),
  lastArrival: applicantSchema.shape.arrivals.element.describe('The arrival with the latest date (date, place, status, i94)'),
  spouse: familyEntrySchema.optional().describe('The spouse from family[], if any'),
  children: z.array(familyEntrySchema).describe('The children from family[] (all of them, included as derivatives or not)'),
  entries: z.array(applicantSchema.shape.arrivals.element).describe('applicant.arrivals, the most recent first (Form I-589 Part A.I, 19.C)'),
  courtHistory: z.enum(['never', 'now', 'past']).optional().describe('Immigration court proceedings: applicant.courtHistory, or "now" when the proceeding is defensive'),
  nationalityAtBirth: z.string().describe('applicant.nationalityAtBirth, or the present nationality'),
  lateFiling: z.boolean().describe('Filed more than one year after the last arrival (Form I-589 Part C.5)'),
  claimsTorture: z.boolean().describe('claim.relief includes "cat" (Convention Against Torture)'),
  hasSpouse: z.boolean().describe('family[] names a spouse'),
  hasPreparer: z.boolean().describe('A representative prepared the application (Form I-589 Parts D and E)'),
  lastFiling: z
    .strictObject({
      stage: z.string().describe('affirmative, defensive or supplemental'),
      filedOn: z.string(),
      newExhibits: z.number().describe('Exhibits of the intake not in that filing'),
      hasNewExhibits: z.boolean(),
    })
    .nullable()
    .describe('The last recorded filing (proceeding.priorFilings[] naming a snapshot), or null'),
  isSupplemental: z.boolean().describe('The pipeline holds only the exhibits added since the last recorded filing (exhibits.since: last-filing), tabs continuing'),
  pastDates: z
    .strictObject({
      hearing: z.boolean().describe('The next hearing is before today'),
      courtDeadline: z.boolean().describe('The court filing deadline is before today'),
    })
    .describe('Dates of the proceeding already past on the day of the build: the checklist says so, never "upcoming"'),
  filingRules: filingRulesSchema.describe('The filing rules\' results (asylum-packet check-rules), as the build ran them before this step'),
  item: z.any().optional().describe('The current entry of the list named by the step\'s forEach'),
});

export type Model = z.infer<typeof modelSchema>;
export type Exhibit = z.infer<typeof exhibitSchema>;

/** Page ranges an earlier packet step published, by exhibit id, with the numbers as stamped (e.g. "0005"). */
export type PageRanges = ReadonlyMap<string, { firstPage: number; lastPage: number; firstLabel?: string; lastLabel?: string; volume?: number }>;

export interface ModelOptions {
  today: string;
  tabStyle?: TabStyle;
  /** Order exhibits by category (in the order of the category list) instead of the intake's order. */
  groupByCategory?: boolean;
  /** The case's last recorded filing (history/last-filing.ts), if any. */
  lastFiling?: LastFiling | undefined;
  /** Only the exhibits added since the last recorded filing, tabs continuing after its last. */
  sinceLastFiling?: boolean;
  /** Ids of the pipeline's steps whose documents are filed as the first exhibits (the declaration as Tab A …). */
  documentExhibits?: readonly string[];
  /** The representative signs the certificate of service and the cover letter electronically ("/s/ Name"). */
  electronicSignatures?: boolean;
}

const RELIEF_NAMES = { asylum: 'asylum', withholding: 'withholding of removal', cat: 'protection under the Convention Against Torture' } as const;
const GROUND_NAMES = {
  race: 'race',
  religion: 'religion',
  nationality: 'nationality',
  'political-opinion': 'political opinion',
  'particular-social-group': 'membership in a particular social group',
} as const;
const SERVICE_METHODS = {
  ecas: 'through the EOIR Courts & Appeals System (ECAS)',
  ...METHOD_WORDS,
} as const;

const CATEGORY_ORDER = Object.keys(CATEGORY_NAMES);

export function buildModel(c: Case, opts: ModelOptions): Model {
  const { intake, derived } = c;
  const last = opts.lastFiling;
  const added = last ? (intake.evidence ?? []).filter((e) => !last.filed.has(e.id)) : [];
  const supplemental = Boolean(opts.sinceLastFiling && last);
  const evidence = supplemental ? added : [...(intake.evidence ?? [])];
  if (opts.groupByCategory) evidence.sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
  // A supplemental filing's tabs continue after the last one filed; documents filed as exhibits come first.
  const start = supplemental ? last!.lastTabIndex + 1 : 0;
  const documentExhibits = (opts.documentExhibits ?? []).map((step, i) => ({ step, tab: tabLabel(start + i, opts.tabStyle) }));
  const offset = start + documentExhibits.length;
  const exhibits: Exhibit[] = evidence.map((e, i) => ({
    tab: tabLabel(offset + i, opts.tabStyle),
    number: offset + i + 1,
    id: e.id,
    title: e.title,
    category: e.category,
    categoryName: CATEGORY_NAMES[e.category],
    file: e.file,
    ...(e.date ? { date: e.date, dateText: FILTERS.longDate(e.date) } : {}),
    language: e.language,
    languageName: languageName(e.language),
    translated: Boolean(e.translation),
    translation: e.translation ?? undefined,
  }));
  const byId = new Map(exhibits.map((x) => [x.id, x]));
  // ISO dates sort as text; a partial date ("2023-05") sorts before the days of its month.
  // The sort is stable: events with the same date keep the intake's order.
  const events = [...(intake.events ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const chronology = events.map((ev, i) => ({
    number: i + 1,
    id: ev.id,
    date: ev.date,
    dateText: FILTERS.longDate(ev.date),
    datePhrase: `${ev.date.length === 10 ? 'On' : 'In'} ${FILTERS.longDate(ev.date)}`,
    place: ev.place,
    narrative: ev.narrative,
    evidence: ev.evidence ?? [],
    exhibits: (ev.evidence ?? []).flatMap((id) => {
      const x = byId.get(id);
      return x ? [{ tab: x.tab, title: x.title }] : [];
    }),
  }));
  // A translation that carries its translator's own certificate is not given a second one.
  const translations = exhibits.flatMap((x) =>
    x.translation && !x.translation.certificateIncluded
      ? [{
          tab: x.tab,
          title: x.title,
          ...(x.date ? { date: x.date, dateText: x.dateText } : {}),
          language: x.language,
          languageName: x.languageName,
          file: x.translation.file,
          translator: x.translation.translator,
          certification: translationCertification(x.translation.translator.name, x.languageName),
        }]
      : [],
  );
  const witnesses = witnessListOf(intake, byId);
  const enclosures = enclosuresOf(intake, derived, byId);
  const address = filingAddressOf(intake);
  const respondents = respondentsOf(intake, derived);
  const reliefNames = (intake.claim.relief ?? []).map((r) => RELIEF_NAMES[r]);
  const groundNames = intake.claim.grounds.map((g) => GROUND_NAMES[g]);
  const entries = [...intake.applicant.arrivals].sort((a, b) => compareIsoDates(b.date, a.date));
  const lastArrival = intake.applicant.arrivals.find((a) => a.date === derived.lastArrival) ?? intake.applicant.arrivals[0]!;
  const family = (intake.family ?? []).map((m) => ({ ...m, fullName: fullName(m.name), inUS: m.location === 'in-us', abroad: m.location === 'abroad' }));
  const spouse = family.find((m) => m.relationship === 'spouse');
  const tabs = [...documentExhibits.map((d) => d.tab), ...exhibits.map((x) => x.tab)];
  const tabRange = tabs.length ? { first: tabs[0]!, last: tabs.at(-1)! } : undefined;
  const needsInterpretation = !intake.applicant.languages.fluentInEnglish;
  const model: Model = {
    ...intake,
    derived,
    today: opts.today,
    needsInterpretation,
    isDefensive: intake.proceeding.type === 'defensive',
    isAffirmative: intake.proceeding.type === 'affirmative',
    ...(spouse ? { spouse } : {}),
    children: family.filter((m) => m.relationship === 'child'),
    entries,
    ...(intake.applicant.courtHistory ? { courtHistory: intake.applicant.courtHistory } : intake.proceeding.type === 'defensive' ? { courtHistory: 'now' as const } : {}),
    nationalityAtBirth: intake.applicant.nationalityAtBirth ?? intake.applicant.nationality,
    lateFiling: !derived.oneYear.timely,
    claimsTorture: (intake.claim.relief ?? []).includes('cat'),
    hasSpouse: spouse !== undefined,
    hasPreparer: Boolean(intake.representative),
    lastArrival,
    reliefNames,
    groundNames,
    chronology,
    declaration: declarationOf({ ...intake, derived, chronology, lastArrival, entries, reliefNames, groundNames }, byId),
    ...enclosures,
    ...(address ? { filingAddress: address } : {}),
    witnessList: witnesses.witnesses,
    hasWitnesses: witnesses.witnesses.length > 0,
    hasRemoteWitnesses: witnesses.witnesses.some((w) => w.remote),
    witnessMinutes: witnesses.minutes,
    respondents,
    hasCoRespondents: respondents.length > 1,
    matterOf: matterOf(respondents),
    exhibits,
    translations,
    hasExhibits: exhibits.length > 0,
    hasPageRanges: false,
    documentExhibits,
    filingParts: [],
    filingDocuments: [],
    signatures: [],
    pagesWithoutText: [],
    filingVolumes: 0,
    ...(opts.electronicSignatures && intake.representative ? { electronicSignature: `/s/ ${intake.representative.name}` } : {}),
    ...(tabRange ? { firstTab: tabRange.first, lastTab: tabRange.last } : {}),
    ...(intake.proceeding.dhsService ? { serviceMethodText: SERVICE_METHODS[intake.proceeding.dhsService.method] } : {}),
    ...(derived.aNumber ? { aNumberDigits: derived.aNumber.replace(/\D/g, '') } : {}),
    lastFiling: last ? { stage: last.stage, filedOn: last.filedOn, newExhibits: added.length, hasNewExhibits: added.length > 0 } : null,
    isSupplemental: supplemental,
    pastDates: {
      hearing: derived.courtDeadline !== null && compareIsoDates(derived.courtDeadline.hearingDate, opts.today) < 0,
      courtDeadline: derived.courtDeadline?.deadline != null && compareIsoDates(derived.courtDeadline.deadline, opts.today) < 0,
    },
    filingRules: NO_RULES,
    serviceStatements: {},
    made: {},
  };
  // Until a packet says what the filing holds, the documents a filing of its kind has.
  const statement = serviceStatementNaming(model);
  const party = model.hasCoRespondents ? 'respondents’' : 'respondent’s';
  const witnessList = serviceStatementNaming(model, [`the ${party} witness list`]);
  const exhibitList = serviceStatementNaming(model, [`the ${party} proposed exhibit list`]);
  model.serviceStatements = { ...(witnessList ? { witnessList } : {}), ...(exhibitList ? { exhibitList } : {}) };
  return statement ? { ...model, serviceStatement: statement } : model;
}

/**
 * The certificate of service's statement, naming exactly `documents` (in words, in the filing's
 * order) as the packet holds them, or by default the documents a filing of its kind has;
 * undefined when the intake has no DHS service details.
 */
export function serviceStatementNaming(m: Model, documents?: readonly string[]): string | undefined {
  const s = m.proceeding.dhsService;
  if (!s) return undefined;
  return serviceStatement({
    filingDate: m.derived.filingDate,
    office: s.office,
    method: s.method,
    address: addressLine(s.address),
    needsInterpretation: m.needsInterpretation,
    tabs: m.firstTab && m.lastTab ? { first: m.firstTab, last: m.lastTab } : null,
    supplemental: m.isSupplemental,
    ...(documents ? { documents } : {}),
  });
}

/**
 * What a packet publishes to the steps after it: the exhibits with their page ranges, with the
 * numbers as stamped (e.g. "0005–0009").
 */
export function withPageRanges(model: Model, ranges: PageRanges): Pick<Model, 'exhibits' | 'hasPageRanges'> {
  const exhibits = model.exhibits.map((x) => {
    const range = ranges.get(x.id);
    if (!range) return x;
    const first = range.firstLabel ?? String(range.firstPage);
    const last = range.lastLabel ?? String(range.lastPage);
    return { ...x, pages: range.firstPage === range.lastPage ? first : `${first}–${last}`, firstPage: range.firstPage, lastPage: range.lastPage, ...(range.volume ? { volume: range.volume } : {}) };
  });
  return { exhibits, hasPageRanges: exhibits.length > 0 && exhibits.every((x) => x.pages !== undefined) };
}
